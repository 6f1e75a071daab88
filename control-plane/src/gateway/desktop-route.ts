// GET /v1/desktop: the browser's WebSocket to a desktop. The ticket (`?ticket=` or a `ticket.<ticket>`
// subprotocol offered beside noVNC's `binary`) is consumed in the preHandler, before the upgrade completes, so
// a refusal is an HTTP problem and never a socket.
import { protocolHeaderOf } from "../websocket-tickets.js";
import websocket from "@fastify/websocket";
import type { FastifyInstance, FastifyRequest } from "fastify";
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { WebSocket } from "ws";
import { desktopTicketOf } from "../desktop-sessions/index.js";
import { SkpError } from "../errors/index.js";
import type { ActivityRecorder } from "./activity.js";
import type { Admission, Admitted } from "./admission.js";
import { DesktopSession } from "./desktop-session.js";
import type { SessionLimits } from "./session-options.js";
import type { GatewayMetrics } from "./gateway-metrics.js";
import type { HandshakeGate } from "./handshake-gate.js";
import type { SessionAudit, SessionSubject } from "./session-audit.js";
import type { SessionRegistry } from "./session-registry.js";

export const desktopPath = "/v1/desktop";
/** noVNC's default subprotocol; a browser fails a socket whose server picks none of those it offered. */
export const desktopProtocol = "binary";

export type DesktopRouteDeps = {
  admission: Pick<Admission, "admit">;
  registry: SessionRegistry;
  metrics: GatewayMetrics;
  audit: Pick<SessionAudit, "started" | "ended">;
  activity: Pick<ActivityRecorder, "record">;
  limits: SessionLimits;
  handshakes: HandshakeGate;
  log: Logger;
};

type DesktopRequest = FastifyRequest<{ Querystring: { ticket?: string } }>;

/** What the preHandler admitted, for the upgraded socket of the same request. */
const admittedRequests = new WeakMap<object, Admitted>();

function openSession(deps: DesktopRouteDeps, socket: WebSocket, admitted: Admitted, ip: string): void {
  const { grant, mode, target, clipboardToDesktop } = admitted;
  const subject: SessionSubject = {
    sessionId: randomUUID(),
    userId: grant.userId,
    namespace: grant.namespace,
    name: grant.name,
    mode,
    ip,
  };
  // The API's trace, where the ticket was issued: a session's lines join the request that opened it.
  const log = grant.traceId ? deps.log.child({ traceId: grant.traceId }) : deps.log;
  const session = new DesktopSession({
    socket,
    subject,
    target,
    clipboardToDesktop,
    limits: deps.limits,
    metrics: deps.metrics,
    handshakes: deps.handshakes,
    log,
    onInput: () => deps.activity.record(subject.namespace, subject.name),
    onEnded: (totals) => {
      deps.registry.remove(session);
      deps.metrics.sessions.dec({ mode });
      deps.audit.ended(subject, totals);
      log.info(
        { ...subject, ...totals },
        `Ended desktop session ${subject.sessionId} on SkillPod ${subject.namespace}/${subject.name}: ${totals.closeReason}`,
      );
    },
  });
  deps.registry.add(session);
  deps.metrics.sessions.inc({ mode });
  deps.metrics.sessionsStarted.inc({ mode });
  deps.audit.started(subject);
  log.info(
    subject,
    `Started desktop session ${subject.sessionId} on SkillPod ${subject.namespace}/${subject.name}`,
  );
  session.open();
}

export async function desktopRoute(app: FastifyInstance, deps: DesktopRouteDeps): Promise<void> {
  await app.register(websocket, {
    options: {
      // Twice the limit: a message up to it is refused by the session with a reason; ws cuts anything larger
      // (1009 without a reason) before buffering it whole.
      maxPayload: 2 * deps.limits.maxMessageBytes,
      // Never echo the ticket back: answer noVNC's subprotocol, or none when it was not offered.
      handleProtocols: (offered: Set<string>) => (offered.has(desktopProtocol) ? desktopProtocol : false),
    },
    // Sessions are ended by the gateway's drain before the app closes; anything left goes with 1001.
    preClose: function closeLeft(done) {
      for (const session of deps.registry.all())
        session.end({ code: 1001, reason: "The gateway is shutting down" });
      done();
    },
  });
  app.route({
    method: "GET",
    url: desktopPath,
    // Sessions log their own start and end; the upgrade request's lines would only repeat them.
    logLevel: "warn",
    preHandler: async (request: DesktopRequest) => {
      // A plain GET could not open a session: it must not use the ticket up.
      if (!request.ws) return;
      const ticket = desktopTicketOf(request.query, protocolHeaderOf(request.headers));
      admittedRequests.set(request, await deps.admission.admit({ ticket, ip: request.ip }));
    },
    handler: () =>
      Promise.reject(
        new SkpError(
          "SKP_UPGRADE_REQUIRED",
          426,
          "A desktop session is a WebSocket: send an upgrade request",
        ),
      ),
    wsHandler: (socket: WebSocket, request: DesktopRequest) => {
      const admitted = admittedRequests.get(request);
      if (!admitted) return socket.close(1008, "no admitted ticket");
      openSession(deps, socket, admitted, request.ip);
    },
  });
}
