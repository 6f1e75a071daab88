import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { Counter } from "prom-client";
import type { Principal } from "../../access.js";
import type { Outcome } from "../../audit/canonical.js";
import { createAuditSigner, type AuditSigner } from "../../audit/signing.js";
import { AuditWriter, type AppendedEvent, type AuditEventInput } from "../../audit/writer.js";
import type { ControlPlaneConfig } from "../../config.js";

/** How a route is audited automatically: `false` when it records its own events (or must not be recorded). */
export type RouteAudit = false | { targetType?: string; targetParam?: string };

declare module "fastify" {
  interface FastifyInstance {
    /** Appends to the audit hash chain; a failed write is counted before the error reaches the caller. */
    audit: Pick<AuditWriter, "append">;
    auditSigner: AuditSigner;
  }
  interface FastifyContextConfig {
    audit?: RouteAudit;
  }
}

const stateChanging = new Set(["POST", "PUT", "PATCH", "DELETE"]);
// Path parameters are recorded as the target; one that carries a credential (a reset token, say) never is.
const secretParam = /token|secret|password|code|key|otp/i;

export function outcomeOf(statusCode: number): Outcome {
  if (statusCode < 400) return "success";
  return statusCode === 401 || statusCode === 403 ? "denied" : "failure";
}

function actorOf(principal: Principal | undefined): Pick<AuditEventInput, "actorType" | "actorId"> {
  if (principal?.kind === "user") return { actorType: "user", actorId: principal.userId };
  if (principal?.kind === "service") return { actorType: "service", actorId: principal.name };
  return { actorType: "anonymous", actorId: null };
}

/**
 * The target is the route's last non-secret parameter (or the one the route names), typed by the path
 * segment before it: /v1/contracts/:id/milestones/:milestoneId → milestones / <milestoneId>.
 */
export function targetOf(
  route: string,
  params: Record<string, string>,
  setting: Exclude<RouteAudit, false> = {},
): Pick<AuditEventInput, "targetType" | "targetId"> {
  const names = [...route.matchAll(/\/([^/:]*)\/:(\w+)/g)].filter(
    ([, , name]) => !secretParam.test(name ?? ""),
  );
  const chosen = setting.targetParam
    ? names.find(([, , name]) => name === setting.targetParam)
    : names.at(-1);
  const targetId = chosen?.[2] === undefined ? undefined : params[chosen[2]];
  if (targetId === undefined) return { targetType: setting.targetType ?? null, targetId: null };
  return { targetType: setting.targetType ?? (chosen?.[1] || null), targetId };
}

/** The event for a state-changing request on a matched route: who, what, on what, and how it ended. */
export function automaticEvent(request: FastifyRequest, reply: FastifyReply): AuditEventInput | undefined {
  const route = request.routeOptions.url;
  const setting = request.routeOptions.config.audit;
  if (route === undefined || setting === false || !stateChanging.has(request.method)) return undefined;
  return {
    ...actorOf(request.principal),
    action: `${request.method} ${route}`,
    ...targetOf(route, (request.params ?? {}) as Record<string, string>, setting),
    requestId: String(request.id),
    ip: request.ip,
    outcome: outcomeOf(reply.statusCode),
    details: { statusCode: reply.statusCode },
  };
}

/**
 * The audit trail: a chain writer shared by the routes, and an onResponse hook that records every
 * state-changing request. The hook runs after the response is sent, so a failed write cannot fail the
 * request; it is logged at error level with the whole event (so it can be replayed) and counted in
 * skillpod_audit_write_failures_total, which alerting watches.
 */
async function auditPlugin(app: FastifyInstance, config: ControlPlaneConfig): Promise<void> {
  const failures = new Counter({
    name: "skillpod_audit_write_failures_total",
    help: "Audit events that could not be appended to the hash chain",
    registers: [app.metrics],
  });
  const writer = new AuditWriter(app.prisma);
  const signer = createAuditSigner(config.AUDIT_SIGNING_KEY);
  if (signer.ephemeral)
    app.log.warn("AUDIT_SIGNING_KEY is unset: audit checkpoints signed elsewhere will not verify here");

  const append = async (event: AuditEventInput): Promise<AppendedEvent> => {
    try {
      return await writer.append(event);
    } catch (error) {
      failures.inc();
      throw error;
    }
  };
  app.decorate("audit", { append });
  app.decorate("auditSigner", signer);

  // Writes still in flight when the app closes finish before the database pool goes.
  const pending = new Set<Promise<unknown>>();
  app.addHook("onResponse", async (request, reply) => {
    const event = automaticEvent(request, reply);
    if (!event) return;
    const write = append(event).catch((error: unknown) => {
      request.log.error(
        { err: error, auditEvent: event },
        "AUDIT EVENT LOST: failed to write the audit event",
      );
    });
    pending.add(write);
    await write.finally(() => pending.delete(write));
  });
  app.addHook("onClose", async () => {
    await Promise.allSettled([...pending]);
  });
  return Promise.resolve();
}

export const audit = fp(auditPlugin, { name: "audit", dependencies: ["prisma", "http-metrics"] });
