import type { ChainableCommander, Redis } from "ioredis";

/** A counter's value and the milliseconds left in its window, as @fastify/rate-limit expects of a store. */
export type Counted = { current: number; ttl: number };
export type CountedCallback = (error: Error | null, result?: Counted) => void;

export type SharedCounterSettings = {
  /** How long a count admitted locally may wait before Redis has it. */
  flushMs: number;
  /** The most counters kept locally; beyond it every request goes to Redis, as without them. */
  capacity: number;
};

/**
 * A counter admits locally at most this share of its limit before Redis has counted it: the tolerance of a
 * limit across replicas.
 */
export const localShare = 100;
const defaults: SharedCounterSettings = { flushMs: 100, capacity: 10_000 };
// The same window as @fastify/rate-limit's own script (a fixed window from the first request, no extension
// when exceeded), adding any number at once.
const addCommand = "skillpodRateLimitAdd";
const addScript = `
local current = redis.call('INCRBY', KEYS[1], ARGV[2])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {current, ttl}`;

type Reply = (error: Error | null | undefined, result?: [number, number]) => void;
type AddCommand = (key: string, windowMs: number, count: number, reply: Reply) => void;
type AddCommands = Record<typeof addCommand, AddCommand>;

function answer(done: CountedCallback, error: Error | null | undefined, result?: [number, number]): void {
  if (error || !result) done(error ?? new Error("Redis answered no count"));
  else done(null, { current: result[0], ttl: result[1] });
}

/** One key's window as this replica knows it. */
type Window = {
  /** Redis' count at the last reply, which includes every count this replica had sent by then. */
  synced: number;
  /** Sent to Redis, not yet answered. */
  sending: number;
  /** Admitted here, not yet sent. */
  pending: number;
  /** When the window ends (0 while its first count is on its way). */
  resetAt: number;
  /** Requests that arrived while the first count was on its way. */
  waiting: (() => void)[];
};

/**
 * The unsent counts one replica may hold for a key whose limit is `max`, so the limit holds across replicas
 * within ⌊max / 100⌋ − 1 requests per replica and window: exact below 200 a minute.
 */
export function localAllowance(max: number): number {
  return Math.max(1, Math.floor(max / localShare));
}

/**
 * Fixed-window counters in Redis, shared by every replica, with a local pre-count: a request is counted in
 * Redis before it is answered unless fewer than localAllowance(max) requests for its key are waiting to be
 * sent, in which case it is admitted on the replica's own view (Redis' count at the last reply plus what it
 * has sent and admitted since) and sent with the next request that goes to Redis or within flushMs,
 * whichever comes first. A single replica's view is exact; across replicas each may hold back at most
 * localAllowance(max) − 1 counts from the others, and never for longer than flushMs.
 */
export class SharedCounters {
  readonly #redis: Redis & AddCommands;
  readonly #settings: SharedCounterSettings;
  readonly #windows = new Map<string, Window>();
  readonly #timer: NodeJS.Timeout;

  constructor(redis: Redis, settings: Partial<SharedCounterSettings> = {}) {
    if (!(addCommand in redis)) redis.defineCommand(addCommand, { numberOfKeys: 1, lua: addScript });
    this.#redis = redis as Redis & AddCommands;
    this.#settings = { ...defaults, ...settings };
    this.#timer = setInterval(() => this.#flush(), this.#settings.flushMs).unref();
  }

  /** Counts one request for `key` and answers the count so far in the window. */
  add(key: string, windowMs: number, max: number, done: CountedCallback): void {
    const now = Date.now();
    const window = this.#current(key, now);
    if (window?.resetAt === 0) {
      window.waiting.push(() => this.add(key, windowMs, max, done));
      return;
    }
    if (window && window.resetAt > now && window.pending + 1 < localAllowance(max)) {
      window.pending += 1;
      done(null, { current: window.synced + window.sending + window.pending, ttl: window.resetAt - now });
      return;
    }
    this.#send(key, windowMs, window, done);
  }

  /** The key's window, unless it is over (then what was admitted in it and not sent stays with it). */
  #current(key: string, now: number): Window | undefined {
    const window = this.#windows.get(key);
    if (!window || window.resetAt === 0 || window.resetAt > now) return window;
    window.pending = 0;
    if (window.sending > 0) return window;
    this.#windows.delete(key);
    return undefined;
  }

  /** The count so far in `key`'s window without adding to it. */
  read(key: string, done: CountedCallback): void {
    // Counts already sent are in Redis by the time it reads: one connection, answered in order.
    const unsent = this.#windows.get(key)?.pending ?? 0;
    void this.#redis
      .multi()
      .get(key)
      .pttl(key)
      .exec((error, results) => {
        if (error || !results) return done(error ?? new Error("Redis answered no results"));
        const counted = Number(results[0]?.[1] ?? 0);
        const ttl = Number(results[1]?.[1] ?? 0);
        done(null, { current: counted + unsent, ttl: Math.max(ttl, 0) });
      });
  }

  /** Stops the timer and sends what is still unsent. */
  async close(): Promise<void> {
    clearInterval(this.#timer);
    // A connection that is down would hold the counts (and the close) until it came back.
    if (this.#redis.status !== "ready") return;
    await new Promise<void>((resolve) => this.#flush(resolve));
  }

  /** Sends this request with the key's unsent counts, and answers it with Redis' count. */
  #send(key: string, windowMs: number, known: Window | undefined, done: CountedCallback): void {
    if (!known && this.#windows.size >= this.#settings.capacity) {
      this.#redis[addCommand](key, windowMs, 1, (error, result) => answer(done, error, result));
      return;
    }
    const window: Window = known ?? { synced: 0, sending: 0, pending: 0, resetAt: 0, waiting: [] };
    this.#windows.set(key, window);
    const count = window.pending + 1;
    window.pending = 0;
    window.sending += count;
    this.#redis[addCommand](key, windowMs, count, (error, result) => {
      this.#answered(window, count, error, result);
      answer(done, error, result);
      for (const retry of window.waiting.splice(0)) retry();
    });
  }

  #answered(window: Window, count: number, error: Error | null | undefined, result?: [number, number]): void {
    window.sending -= count;
    if (error || !result) {
      // Not counted: the others still are, and go with the next send.
      window.pending += count - 1;
      if (window.resetAt === 0) window.resetAt = 1;
      return;
    }
    window.synced = result[0];
    window.resetAt = Date.now() + result[1];
  }

  /** Sends every key's unsent counts in one pipeline, and forgets windows that are over. */
  #flush(finished?: () => void): void {
    const now = Date.now();
    const pipeline = this.#redis.pipeline() as unknown as AddCommands & ChainableCommander;
    const sent: [Window, number][] = [];
    for (const key of this.#windows.keys()) {
      const open = this.#current(key, now);
      if (!open || open.pending === 0 || open.resetAt === 0) continue;
      // A key Redis has let expire meanwhile lives only as long as the window these counts belong to.
      pipeline[addCommand](key, open.resetAt - now, open.pending, () => {});
      sent.push([open, open.pending]);
      open.sending += open.pending;
      open.pending = 0;
    }
    if (sent.length === 0) return finished?.();
    void pipeline.exec((error, results) => {
      sent.forEach(([window, count], i) => {
        const [failure, result] = results?.[i] ?? [error ?? new Error("Redis answered no results")];
        this.#answeredFlush(window, count, failure, result as [number, number] | undefined);
      });
      finished?.();
    });
  }

  #answeredFlush(window: Window, count: number, error: Error | null, result?: [number, number]): void {
    window.sending -= count;
    if (error || !result) {
      window.pending += count;
      return;
    }
    window.synced = result[0];
    window.resetAt = Date.now() + result[1];
  }
}
