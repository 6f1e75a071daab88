// One open live socket: sends frames while its client keeps up and cuts it off when it does not; while it
// replays what its client missed, the live events that arrive wait behind the replay.
import { compareLiveEventIds, type DeliveredLiveEvent, type LiveReplay } from "@skillpod/live-events";
import { randomUUID } from "node:crypto";
import type { FastifyBaseLogger } from "fastify";
import type { LiveMetrics } from "./live-metrics.js";
import { closeCodes, socketOpen, type LiveSocket } from "./socket.js";

/** How long a cut-off client gets to read its close frame before the socket is destroyed. */
const closeGraceMs = 5000;

export type LiveConnectionOptions = {
  userId: string;
  socket: LiveSocket;
  log: FastifyBaseLogger;
  maxBufferedBytes: number;
  metrics: LiveMetrics;
};

type Pending = { id: string; frame: string };

export class LiveConnection {
  /** The presence member of this socket. */
  readonly id = randomUUID();
  readonly userId: string;
  readonly log: FastifyBaseLogger;
  /** Cleared by each ping, set by each pong: a socket still cleared at the next ping is gone. */
  alive = true;
  #socket: LiveSocket;
  #options: LiveConnectionOptions;
  #pending: Pending[] | undefined;
  #replayedUpTo: string | undefined;
  #closing = false;

  constructor(options: LiveConnectionOptions) {
    this.#options = options;
    this.#socket = options.socket;
    this.userId = options.userId;
    this.log = options.log;
    this.#socket.on("pong", () => {
      this.alive = true;
    });
  }

  get open(): boolean {
    return !this.#closing && this.#socket.readyState === socketOpen;
  }

  /** A live event for this socket's user (held back while a replay runs; dropped if the replay sent it). */
  deliver(id: string, frame: string): void {
    if (this.#pending) this.#pending.push({ id, frame });
    else if (!this.#replayed(id)) this.#send(frame, "live");
  }

  /**
   * Whether the replay carried `id`. Not only while it runs: an event's XADD and its PUBLISH are two steps,
   * so the replay can read an event whose fan-out arrives after the replay is done. Every id up to the last
   * replayed one was in the replay (stream ids only grow), so that id is the floor for good.
   */
  #replayed(id: string): boolean {
    return this.#replayedUpTo !== undefined && compareLiveEventIds(id, this.#replayedUpTo) <= 0;
  }

  /** From now on, live events wait until finishReplay. */
  startReplay(): void {
    this.#pending = [];
  }

  /** Sends the replay, then the live events that waited, minus those the replay already carried. */
  finishReplay(replay: LiveReplay): void {
    const pending = this.#pending ?? [];
    this.#pending = undefined;
    if (replay.resync) this.#send(JSON.stringify({ type: "resync", at: new Date().toISOString() }), "replay");
    else this.#replayedUpTo = this.#sendReplayed(replay.events);
    for (const { id, frame } of pending) this.deliver(id, frame);
  }

  #sendReplayed(events: DeliveredLiveEvent[]): string | undefined {
    for (const event of events) this.#send(JSON.stringify(event), "replay");
    return events.at(-1)?.id;
  }

  #send(frame: string, mode: "live" | "replay"): void {
    if (!this.open) return;
    if (this.#socket.bufferedAmount + frame.length > this.#options.maxBufferedBytes) {
      this.#cutOff();
      return;
    }
    this.#socket.send(frame);
    this.#options.metrics.delivered.inc({ mode });
  }

  /** Instead of buffering without limit: the client reconnects with its last cursor and replays. */
  #cutOff(): void {
    this.#options.metrics.slowConsumerCloses.inc();
    this.log.warn(
      { userId: this.userId, bufferedBytes: this.#socket.bufferedAmount },
      `Closed live channel of user ${this.userId}: slow consumer`,
    );
    this.close(closeCodes.slowConsumer, "slow consumer");
  }

  /** Pings, or terminates a socket that did not answer the last ping. */
  heartbeat(): void {
    if (!this.alive) {
      this.log.info({ userId: this.userId }, `Terminated live channel of user ${this.userId}: missed a pong`);
      this.#socket.terminate();
      return;
    }
    this.alive = false;
    this.#socket.ping();
  }

  close(code: number, reason: string): void {
    if (this.#closing) return;
    this.#closing = true;
    this.#socket.close(code, reason);
    // A client that does not read never reads the close frame either.
    setTimeout(() => this.#socket.terminate(), closeGraceMs).unref();
  }
}
