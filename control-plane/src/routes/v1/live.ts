// The live channel: a ticket (POST, with the access token) opens one WebSocket (GET, with the ticket) that
// carries the user's live events. The socket route takes no bearer token: a browser cannot send one there.
import { protocolHeaderOf } from "../../websocket-tickets.js";
import websocket from "@fastify/websocket";
import type { FastifyRequest } from "fastify";
import { userOf } from "../../access.js";
import type { ControlPlaneConfig } from "../../config.js";
import { SkpError, unauthenticated } from "../../errors/index.js";
import { problemSchema } from "../../errors/problem-schema.js";
import {
  LiveHub,
  consumeLiveTicket,
  createLiveMetrics,
  isLiveTicketValid,
  issueLiveTicket,
  liveProtocol,
  openLiveSession,
  ticketOf,
  type LiveSessionDeps,
} from "../../live/index.js";
import { liveQuery, liveTicketSchema } from "./live-schemas.js";
import { bearer, type TypedApp } from "./typed-app.js";

const tags = ["live"];
const liveChannelDescription =
  "The live channel is a WebSocket at `url` (GET /v1/live), opened with the ticket as `?ticket=` or as a " +
  "`ticket.<ticket>` subprotocol offered beside `skillpod.live.v1` (no bearer token). Each frame is JSON " +
  "`{ id, type, data, at }`. With `?cursor=<id of the last frame received>` it first replays what came after " +
  'it (or sends one `{ type: "resync" }` when those events are no longer all kept: reload), then live events. ' +
  "A missing, used or expired ticket is a 401 problem before any upgrade; a plain GET is a 426 problem. Close " +
  "4008: the client read too slowly; 1001: the server is shutting down; reconnect with the last id.";
const liveUrl = "/v1/live";

/** The user whose ticket opened each upgrading request (set before the upgrade, read by the socket). */
const ticketUsers = new WeakMap<object, string>();

type LiveRequest = Pick<FastifyRequest, "headers" | "ws"> & { query: { ticket?: string } };

function requireTicket(request: LiveRequest): string {
  const ticket = ticketOf(request.query, protocolHeaderOf(request.headers));
  if (!ticket) throw unauthenticated("A live-channel ticket is required (POST /v1/live/tickets)");
  return ticket;
}

/** Before the upgrade, so a missing, used or expired ticket is a 401 problem and never a socket. */
async function consumeTicket(app: TypedApp, request: LiveRequest): Promise<void> {
  if (!request.ws) return;
  const userId = await consumeLiveTicket(app.redis, requireTicket(request));
  if (!userId) throw unauthenticated("The ticket is used or expired");
  ticketUsers.set(request, userId);
}

/** A plain GET (no upgrade) does not use the ticket up: it could not open the socket anyway. */
async function refusePlainGet(app: TypedApp, request: LiveRequest): Promise<never> {
  if (!(await isLiveTicketValid(app.redis, requireTicket(request)))) {
    throw unauthenticated("The ticket is used or expired");
  }
  throw new SkpError("SKP_UPGRADE_REQUIRED", 426, "The live channel is a WebSocket: send an upgrade request");
}

function webSocketOptions(hub: LiveHub): Parameters<typeof websocket>[1] {
  return {
    options: {
      maxPayload: 4096,
      // Browsers fail a socket whose server picks none of the offered subprotocols, and the ticket must not
      // be echoed back: pick ours when offered.
      handleProtocols: (offered: Set<string>) => (offered.has(liveProtocol) ? liveProtocol : false),
    },
    preClose: async () => hub.stop(),
  };
}

export async function liveRoutes(app: TypedApp, config: ControlPlaneConfig): Promise<void> {
  const metrics = createLiveMetrics(app.metrics);
  const hub = new LiveHub({
    redis: app.redis,
    log: app.log,
    metrics,
    heartbeatMs: config.LIVE_HEARTBEAT_SECONDS * 1000,
  });
  await hub.start();
  await app.register(websocket, webSocketOptions(hub));
  const deps: LiveSessionDeps = {
    hub,
    redis: app.redis,
    metrics,
    maxBufferedBytes: config.LIVE_MAX_BUFFERED_BYTES,
  };

  app.post(
    "/v1/live/tickets",
    {
      config: { access: { roles: "any" } },
      schema: {
        tags,
        summary: "A single-use ticket that opens the caller's live channel within seconds",
        description: liveChannelDescription,
        security: bearer,
        response: { 201: liveTicketSchema, 401: problemSchema, 403: problemSchema },
      },
    },
    async (request, reply) => {
      const user = userOf(request);
      if (!user) throw unauthenticated();
      const ticket = await issueLiveTicket(app.redis, user.userId, config.LIVE_TICKET_TTL_SECONDS);
      return reply.code(201).send({ ...ticket, url: liveUrl });
    },
  );

  app.route({
    method: "GET",
    url: liveUrl,
    config: {
      access: { public: true },
      // Every socket spends a ticket, which a signed-in (and rate-limited) request bought: count opens per
      // address at the signed-in budget, not the anonymous one (a shared office address reconnects often).
      rateLimit: { max: config.RATE_LIMIT_AUTHENTICATED_PER_MINUTE, timeWindow: 60_000 },
    },
    schema: {
      // OpenAPI cannot describe a WebSocket (its success is a 101): the ticket route documents it instead.
      hide: true,
      querystring: liveQuery,
      response: { 400: problemSchema, 401: problemSchema, 426: problemSchema, 429: problemSchema },
    },
    preHandler: async (request) => consumeTicket(app, request),
    handler: async (request) => refusePlainGet(app, request),
    wsHandler: async (socket, request) => {
      const userId = ticketUsers.get(request);
      if (!userId) return socket.close(1008, "no ticket");
      await openLiveSession(deps, { userId, cursor: request.query.cursor, socket, log: request.log });
    },
  });
}
