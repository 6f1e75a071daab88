// Opening one live socket: register it, replay what its client missed from the cursor, then live events.
import { replayLiveEvents } from "@skillpod/live-events";
import type { FastifyBaseLogger } from "fastify";
import type { Redis } from "ioredis";
import { LiveConnection } from "./connection.js";
import type { LiveHub } from "./hub.js";
import type { LiveMetrics } from "./live-metrics.js";
import type { LiveSocket } from "./socket.js";

export type LiveSessionDeps = { hub: LiveHub; redis: Redis; metrics: LiveMetrics; maxBufferedBytes: number };

export type LiveSessionRequest = {
  userId: string;
  cursor?: string;
  socket: LiveSocket;
  log: FastifyBaseLogger;
};

export async function openLiveSession(deps: LiveSessionDeps, request: LiveSessionRequest): Promise<void> {
  const { userId, cursor, socket, log } = request;
  const connection = new LiveConnection({
    userId,
    socket,
    log,
    maxBufferedBytes: deps.maxBufferedBytes,
    metrics: deps.metrics,
  });
  socket.on("close", (code) => {
    void deps.hub
      .remove(connection)
      .catch((error: unknown) => log.warn({ err: error }, "Failed to remove live presence"));
    log.info({ userId, code }, `Closed live channel for user ${userId} (${code})`);
  });
  // Clients send nothing: anything they do send is ignored (ws caps its size).
  socket.on("message", () => undefined);
  if (cursor) connection.startReplay();
  await deps.hub.add(connection);
  log.info({ userId, cursor }, `Opened live channel for user ${userId}`);
  if (!cursor) return;
  try {
    connection.finishReplay(await replayLiveEvents(deps.redis, userId, cursor));
  } catch (error) {
    log.error({ err: error, userId }, `Failed to replay live events for user ${userId}`);
    connection.close(1011, "replay failed");
  }
}
