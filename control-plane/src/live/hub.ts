// This process's live sockets, by user. One Redis subscriber per process hears every fan-out and hands each
// recipient's frame to that user's sockets here; users with no socket here are some other replica's.
import {
  frameText,
  livePresenceKey,
  sharedFrameText,
  subscribeLiveFanout,
  type LiveFanout,
} from "@skillpod/live-events";
import type { FastifyBaseLogger } from "fastify";
import type { Redis } from "ioredis";
import type { LiveConnection } from "./connection.js";
import type { LiveMetrics } from "./live-metrics.js";
import { closeCodes } from "./socket.js";

/** A presence member counts this long after its last refresh: at least a minute, and several heartbeats. */
const heartbeatSlice = 100;

const presenceTtlFor = (heartbeatMs: number): number => Math.max(60_000, heartbeatMs * 3);

export type LiveHubOptions = {
  redis: Redis;
  log: FastifyBaseLogger;
  metrics: LiveMetrics;
  heartbeatMs?: number;
};

export class LiveHub {
  #byUser = new Map<string, Set<LiveConnection>>();
  #options: LiveHubOptions;
  #subscriber: Redis | undefined;
  #heartbeat: NodeJS.Timeout | undefined;
  #heartbeatMs: number;
  #presenceTtlMs: number;

  constructor(options: LiveHubOptions) {
    this.#options = options;
    this.#heartbeatMs = options.heartbeatMs ?? 25_000;
    this.#presenceTtlMs = presenceTtlFor(this.#heartbeatMs);
  }

  get size(): number {
    let count = 0;
    for (const connections of this.#byUser.values()) count += connections.size;
    return count;
  }

  async start(): Promise<void> {
    const { redis, log } = this.#options;
    const subscriber = redis.duplicate();
    subscriber.on("error", (error: Error) => log.warn({ err: error }, "Live subscriber connection failed"));
    this.#subscriber = subscriber;
    await subscribeLiveFanout(
      subscriber,
      (fanout) => this.#deliver(fanout),
      (message) => log.warn({ size: message.length }, "Ignored a live fan-out message that was not one"),
    );
    this.#heartbeat = setInterval(() => void this.#beat(), this.#heartbeatMs);
    this.#heartbeat.unref();
  }

  #deliver(fanout: LiveFanout): void {
    let shared: string | undefined;
    for (const { userId, id } of fanout.deliveries) {
      const connections = this.#byUser.get(userId);
      if (!connections) continue;
      shared ??= sharedFrameText(fanout.event, fanout.at);
      const frame = frameText(id, shared);
      for (const connection of connections) connection.deliver(id, frame);
    }
  }

  /** Registers a socket (before its replay is read, so no event falls between the two) and its presence. */
  async add(connection: LiveConnection): Promise<void> {
    const connections = this.#byUser.get(connection.userId) ?? new Set<LiveConnection>();
    connections.add(connection);
    this.#byUser.set(connection.userId, connections);
    this.#options.metrics.openSockets.inc();
    const key = livePresenceKey(connection.userId);
    // Members a crashed replica left behind expire by score; dropped here, where the user is back anyway.
    await this.#options.redis.zremrangebyscore(key, "-inf", Date.now());
    await this.#refreshPresence([connection]);
  }

  async remove(connection: LiveConnection): Promise<void> {
    const connections = this.#byUser.get(connection.userId);
    if (!connections?.delete(connection)) return;
    if (connections.size === 0) this.#byUser.delete(connection.userId);
    this.#options.metrics.openSockets.dec();
    await this.#options.redis.zrem(livePresenceKey(connection.userId), connection.id);
  }

  async #refreshPresence(connections: LiveConnection[]): Promise<void> {
    if (connections.length === 0) return;
    const now = Date.now();
    const batch = this.#options.redis.pipeline();
    for (const { userId, id } of connections) {
      const key = livePresenceKey(userId);
      batch.zadd(key, now + this.#presenceTtlMs, id);
      batch.pexpire(key, this.#presenceTtlMs * 2);
    }
    await batch.exec();
  }

  /**
   * Pings every socket and refreshes their presence, a slice at a time with the event loop free in between:
   * a thousand pings and presence writes at once would hold up live deliveries for tens of milliseconds.
   */
  async #beat(): Promise<void> {
    const all = [...this.#byUser.values()].flatMap((connections) => [...connections]);
    for (let start = 0; start < all.length; start += heartbeatSlice) {
      const slice = all.slice(start, start + heartbeatSlice);
      for (const connection of slice) connection.heartbeat();
      await this.#refreshPresence(slice.filter((connection) => connection.open)).catch((error: unknown) =>
        this.#options.log.warn({ err: error }, "Failed to refresh live presence"),
      );
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Closes every socket with 1001 (clients reconnect to another replica) and the subscriber. */
  async stop(): Promise<void> {
    clearInterval(this.#heartbeat);
    for (const connections of this.#byUser.values()) {
      for (const connection of connections) connection.close(closeCodes.goingAway, "server shutting down");
    }
    await this.#subscriber?.quit().catch(() => this.#subscriber?.disconnect());
  }
}
