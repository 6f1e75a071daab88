import { describeApiError } from "./api-errors.js";
// A rate-limited work queue with kubebuilder's semantics: keys (namespace/name) rather than events, so a burst
// of changes to one object collapses into one reconcile, and one object is never reconciled twice at once.
import type { Logger } from "pino";

export type ReconcileResult = { requeueAfterMs?: number };

/** Thrown by a handler when retrying cannot help (invalid spec, missing class): logged and counted, never retried. */
export class TerminalError extends Error {
  override name = "TerminalError";
}

export type QueueMetrics = {
  depth: (n: number) => void;
  waited: (ms: number) => void;
  /** A handler finished; `requeueAfterMs` is set when a successful handler asked to run again later. */
  processed: (
    key: string,
    outcome: "success" | "error" | "terminal",
    ms: number,
    requeueAfterMs?: number,
  ) => void;
  /** A key became due (not a duplicate of one already due), like client-go's workqueue adds. */
  added?: (key: string) => void;
  /** A handler started on `key`; `processed` reports its end. */
  started?: (key: string) => void;
};

export type WorkQueueOptions = {
  workers: number;
  baseBackoffMs: number;
  maxBackoffMs: number;
  log: Logger;
  metrics?: QueueMetrics;
};

type Outcome = "success" | "error" | "terminal";
type Processed = { outcome: Outcome; requeueAfterMs?: number };
type Timer = { at: number; handle: NodeJS.Timeout };

const JITTER = 0.1;

/** `min(base * 2^(failures-1), max)`, shortened by up to 10% so retries of many keys failing together spread out. */
export function backoffMs(failures: number, baseMs: number, maxMs: number): number {
  const exponential = Math.min(baseMs * 2 ** Math.max(failures - 1, 0), maxMs);
  return exponential * (1 - Math.random() * JITTER);
}

export class WorkQueue {
  private readonly queue: string[] = [];
  // Keys that need a reconcile: queued ones, plus in-flight ones that changed again and must run once more.
  private readonly dirty = new Set<string>();
  private readonly processing = new Set<string>();
  private readonly enqueuedAt = new Map<string, number>();
  private readonly timers = new Map<string, Timer>();
  private readonly failures = new Map<string, number>();
  private readonly inFlight = new Set<Promise<void>>();
  private idleWaiters: (() => void)[] = [];
  private started = false;
  private shuttingDown = false;

  constructor(
    private readonly handler: (key: string) => Promise<ReconcileResult>,
    private readonly options: WorkQueueOptions,
  ) {
    if (!Number.isInteger(options.workers) || options.workers < 1) {
      throw new Error(`WorkQueue needs at least one worker, got ${options.workers}`);
    }
  }

  /** Queued keys, not counting those in flight. */
  get depth(): number {
    return this.queue.length;
  }

  /** Whether the key waits for a (further) run: queued, or changed again while in flight. */
  isQueued(key: string): boolean {
    return this.dirty.has(key);
  }

  add(key: string): void {
    if (this.shuttingDown || this.dirty.has(key)) return;
    this.dirty.add(key);
    this.enqueuedAt.set(key, Date.now());
    this.options.metrics?.added?.(key);
    // An in-flight key is re-queued when its handler finishes, so it never runs twice at once.
    if (this.processing.has(key)) return;
    this.queue.push(key);
    this.reportDepth();
    this.pump();
  }

  addAfter(key: string, delayMs: number): void {
    if (this.shuttingDown) return;
    if (delayMs <= 0) {
      this.add(key);
      return;
    }
    const at = Date.now() + delayMs;
    const existing = this.timers.get(key);
    // Earliest wins: a later request must not postpone a retry or requeue that is already due sooner.
    if (existing && existing.at <= at) return;
    if (existing) clearTimeout(existing.handle);
    const handle = setTimeout(() => {
      this.timers.delete(key);
      this.add(key);
    }, delayMs);
    this.timers.set(key, { at, handle });
  }

  start(): void {
    if (this.started || this.shuttingDown) return;
    this.started = true;
    this.pump();
  }

  /** Stops taking work, drops queued keys and pending timers, and waits for the handlers already running. */
  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    for (const timer of this.timers.values()) clearTimeout(timer.handle);
    this.timers.clear();
    for (const key of this.queue) this.dirty.delete(key);
    this.queue.length = 0;
    this.reportDepth();
    await Promise.all([...this.inFlight]);
    this.notifyIfIdle();
  }

  /** Resolves once nothing is queued or in flight; pending addAfter timers do not count (they may never end). */
  waitForIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return this.processing.size === 0 && (this.queue.length === 0 || this.shuttingDown);
  }

  private pump(): void {
    if (!this.started || this.shuttingDown) return;
    while (this.processing.size < this.options.workers && this.queue.length > 0) {
      const key = this.queue.shift() as string;
      this.reportDepth();
      this.dirty.delete(key);
      this.processing.add(key);
      const run = this.process(key);
      this.inFlight.add(run);
      void run.finally(() => this.inFlight.delete(run));
    }
  }

  private async process(key: string): Promise<void> {
    const startedAt = Date.now();
    this.options.metrics?.waited(startedAt - (this.enqueuedAt.get(key) ?? startedAt));
    this.options.metrics?.started?.(key);
    const { outcome, requeueAfterMs } = await this.invoke(key);
    this.options.metrics?.processed(key, outcome, Date.now() - startedAt, requeueAfterMs);
    this.finish(key);
  }

  private async invoke(key: string): Promise<Processed> {
    try {
      // Wrapped so that a handler throwing synchronously is treated like a rejected promise.
      const result = await Promise.resolve().then(() => this.handler(key));
      this.failures.delete(key);
      const after = result?.requeueAfterMs;
      if (after === undefined || after <= 0) return { outcome: "success" };
      this.addAfter(key, after);
      return { outcome: "success", requeueAfterMs: after };
    } catch (error) {
      return { outcome: this.handleFailure(key, error) };
    }
  }

  private handleFailure(key: string, error: unknown): Outcome {
    if (error instanceof TerminalError) {
      this.failures.delete(key);
      this.options.log.error(
        { key, error: describeApiError(error) },
        `Reconcile of ${key} failed terminally; not retrying`,
      );
      return "terminal";
    }
    const failures = (this.failures.get(key) ?? 0) + 1;
    this.failures.set(key, failures);
    const retryInMs = Math.round(backoffMs(failures, this.options.baseBackoffMs, this.options.maxBackoffMs));
    this.options.log.warn(
      { key, error: describeApiError(error), failures, retryInMs },
      `Reconcile of ${key} failed; retrying`,
    );
    this.addAfter(key, retryInMs);
    return "error";
  }

  private finish(key: string): void {
    this.processing.delete(key);
    if (this.dirty.has(key) && !this.shuttingDown) {
      this.queue.push(key);
      this.reportDepth();
    }
    this.pump();
    this.notifyIfIdle();
  }

  private notifyIfIdle(): void {
    if (!this.isIdle() || this.idleWaiters.length === 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }

  private reportDepth(): void {
    this.options.metrics?.depth(this.queue.length);
  }
}
