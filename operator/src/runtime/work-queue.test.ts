import { pino } from "pino";
import { setTimeout as sleep } from "node:timers/promises";
import { afterEach, describe, expect, it } from "vitest";
import {
  backoffMs,
  TerminalError,
  WorkQueue,
  type QueueMetrics,
  type ReconcileResult,
} from "./work-queue.js";

const log = pino({ level: "silent" });
const queues: WorkQueue[] = [];

type Handler = (key: string) => Promise<ReconcileResult>;

function makeQueue(
  handler: Handler,
  options: Partial<{ workers: number; metrics: QueueMetrics }> = {},
): WorkQueue {
  const queue = new WorkQueue(handler, {
    workers: options.workers ?? 1,
    baseBackoffMs: 20,
    maxBackoffMs: 80,
    log,
    ...(options.metrics ? { metrics: options.metrics } : {}),
  });
  queues.push(queue);
  return queue;
}

/** A promise with its resolve function, to hold a handler in flight until the test lets it go. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => undefined;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

afterEach(async () => {
  await Promise.all(queues.splice(0).map((q) => q.shutdown()));
});

describe("WorkQueue", () => {
  it("runs a key queued twice only once, in FIFO order across keys", async () => {
    const seen: string[] = [];
    const queue = makeQueue((key) => {
      seen.push(key);
      return Promise.resolve({});
    });
    queue.add("a");
    queue.add("b");
    queue.add("a");
    expect(queue.depth).toBe(2);
    queue.start();
    await queue.waitForIdle();
    expect(seen).toEqual(["a", "b"]);
  });

  it("runs a key added while in flight again right after, never concurrently", async () => {
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    const first = gate();
    const queue = makeQueue(
      async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        runs++;
        if (runs === 1) await first.promise;
        running--;
        return {};
      },
      { workers: 4 },
    );
    queue.start();
    queue.add("ns/a");
    await sleep(5);
    // Three more changes while the first reconcile is in flight collapse into one more run.
    queue.add("ns/a");
    queue.add("ns/a");
    queue.add("ns/a");
    expect(queue.depth).toBe(0);
    await sleep(5);
    expect(runs).toBe(1);
    first.open();
    await queue.waitForIdle();
    expect(runs).toBe(2);
    expect(maxRunning).toBe(1);
  });

  it("runs different keys in parallel up to the worker count", async () => {
    let running = 0;
    let maxRunning = 0;
    const queue = makeQueue(
      async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await sleep(30);
        running--;
        return {};
      },
      { workers: 3 },
    );
    for (const key of ["a", "b", "c", "d", "e", "f"]) queue.add(key);
    const started = Date.now();
    queue.start();
    await queue.waitForIdle();
    expect(maxRunning).toBe(3);
    // Two waves of 30 ms, not six.
    expect(Date.now() - started).toBeLessThan(175);
  });

  it("retries a failing key with exponential backoff capped at the maximum until it succeeds", async () => {
    const attempts: number[] = [];
    const queue = makeQueue(() => {
      attempts.push(Date.now());
      return attempts.length <= 5 ? Promise.reject(new Error("apiserver hiccup")) : Promise.resolve({});
    });
    queue.add("k");
    queue.start();
    await waitUntil(() => attempts.length >= 6, 2_000);
    const gaps = attempts.slice(1).map((t, i) => t - (attempts[i] ?? t));
    // 20, 40, 80, 80 (capped), 80 — each at most 10% shorter.
    const expected = [20, 40, 80, 80, 80];
    gaps.forEach((gap, i) => {
      const want = expected[i] ?? 0;
      expect(gap).toBeGreaterThanOrEqual(want * 0.9 - 2);
      expect(gap).toBeLessThan(want + 40);
    });
    await sleep(150);
    expect(attempts).toHaveLength(6);
  });

  it("computes backoff as min(base * 2^(failures-1), max) with at most 10% jitter", () => {
    for (let i = 0; i < 200; i++) {
      const first = backoffMs(1, 100, 1_000);
      expect(first).toBeGreaterThan(90);
      expect(first).toBeLessThanOrEqual(100);
      expect(backoffMs(4, 100, 1_000)).toBeGreaterThan(720);
      expect(backoffMs(30, 100, 1_000)).toBeLessThanOrEqual(1_000);
      expect(backoffMs(30, 100, 1_000)).toBeGreaterThan(900);
    }
  });

  it("starts backoff again from the base after a success", async () => {
    const attempts: number[] = [];
    const outcomes = [false, false, true, false, true];
    const queue = makeQueue(() => {
      attempts.push(Date.now());
      return outcomes[attempts.length - 1] ? Promise.resolve({}) : Promise.reject(new Error("no"));
    });
    queue.add("k");
    queue.start();
    await waitUntil(() => attempts.length >= 3, 2_000);
    queue.add("k");
    await waitUntil(() => attempts.length >= 5, 2_000);
    const gapAfterReset = (attempts[4] ?? 0) - (attempts[3] ?? 0);
    expect(gapAfterReset).toBeLessThan(40);
  });

  it("does not retry a terminal error", async () => {
    let runs = 0;
    const outcomes: string[] = [];
    const queue = makeQueue(
      () => {
        runs++;
        return Promise.reject(new TerminalError("spec.class names no SkillPodClass"));
      },
      {
        metrics: { depth: () => undefined, waited: () => undefined, processed: (_k, o) => outcomes.push(o) },
      },
    );
    queue.add("k");
    queue.start();
    await queue.waitForIdle();
    await sleep(100);
    expect(runs).toBe(1);
    expect(outcomes).toEqual(["terminal"]);
  });

  it("requeues after requeueAfterMs on success, earliest timer winning", async () => {
    const attempts: number[] = [];
    const queue = makeQueue(() => {
      attempts.push(Date.now());
      return Promise.resolve(attempts.length === 1 ? { requeueAfterMs: 60 } : {});
    });
    queue.add("k");
    queue.start();
    await queue.waitForIdle();
    // A later request does not postpone the earlier one.
    queue.addAfter("k", 5_000);
    await waitUntil(() => attempts.length >= 2, 1_000);
    const gap = (attempts[1] ?? 0) - (attempts[0] ?? 0);
    expect(gap).toBeGreaterThanOrEqual(55);
    expect(gap).toBeLessThan(200);
  });

  it("replaces a later addAfter timer with an earlier one", async () => {
    const attempts: number[] = [];
    const queue = makeQueue(() => {
      attempts.push(Date.now());
      return Promise.resolve({});
    });
    queue.start();
    const start = Date.now();
    queue.addAfter("k", 5_000);
    queue.addAfter("k", 30);
    await waitUntil(() => attempts.length >= 1, 1_000);
    expect((attempts[0] ?? 0) - start).toBeLessThan(200);
  });

  it("reports depth, wait time and outcomes to its metrics", async () => {
    const depths: number[] = [];
    const waits: number[] = [];
    const processed: [string, string][] = [];
    const queue = makeQueue(() => Promise.resolve({}), {
      metrics: {
        depth: (n) => depths.push(n),
        waited: (ms) => waits.push(ms),
        processed: (key, outcome) => processed.push([key, outcome]),
      },
    });
    queue.add("a");
    queue.add("b");
    await sleep(20);
    queue.start();
    await queue.waitForIdle();
    expect(depths.slice(0, 2)).toEqual([1, 2]);
    expect(depths.at(-1)).toBe(0);
    expect(waits).toHaveLength(2);
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(15);
    expect(processed).toEqual([
      ["a", "success"],
      ["b", "success"],
    ]);
  });

  it("reports adds (not duplicates), handler starts and requested requeues to its metrics", async () => {
    const added: string[] = [];
    const started: string[] = [];
    const processed: [string, string, number | undefined][] = [];
    const queue = makeQueue((key) => Promise.resolve(key === "b" ? { requeueAfterMs: 60_000 } : {}), {
      metrics: {
        depth: () => undefined,
        waited: () => undefined,
        added: (key) => added.push(key),
        started: (key) => started.push(key),
        processed: (key, outcome, _ms, after) => processed.push([key, outcome, after]),
      },
    });
    queue.add("a");
    queue.add("a");
    queue.add("b");
    queue.start();
    await queue.waitForIdle();
    expect(added).toEqual(["a", "b"]);
    expect(started).toEqual(["a", "b"]);
    expect(processed).toEqual([
      ["a", "success", undefined],
      ["b", "success", 60_000],
    ]);
  });

  it("shutdown waits for in-flight handlers and takes no new work", async () => {
    const seen: string[] = [];
    let finished = false;
    const queue = makeQueue(async (key) => {
      seen.push(key);
      await sleep(50);
      finished = true;
      return { requeueAfterMs: 10 };
    });
    queue.add("a");
    queue.add("b");
    queue.start();
    await sleep(5);
    await queue.shutdown();
    expect(finished).toBe(true);
    queue.add("c");
    queue.addAfter("d", 1);
    await sleep(40);
    expect(seen).toEqual(["a"]);
    expect(queue.depth).toBe(0);
  });
});

async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met in time");
    await sleep(2);
  }
}
