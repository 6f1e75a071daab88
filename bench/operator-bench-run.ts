import type { SkillPod } from "@skillpod/api";
import { skillPodGroup, skillPodPlural, skillPodVersion } from "@skillpod/api";
import { performance } from "node:perf_hooks";
import { clockTicks, memoryMiB, round } from "./process-stats.js";
import {
  type Latencies,
  type Mode,
  awaitAll,
  createAll,
  latencies,
  names,
} from "./operator-bench-baselines.js";
import {
  createNamespace,
  deleteNamespace,
  listSkillPods,
  stripFinalizers,
  watchAll,
} from "./operator-bench-cluster.js";
import {
  OperatorProcess,
  type Scrape,
  awaitQuiet,
  emptyScrape,
  foreignDuring,
  meanMs,
  reconcileFailures,
  reconcileTotal,
} from "./operator-bench-process.js";
import {
  className,
  config,
  custom,
  say,
  skillPods,
  sleep,
  stamp,
  sum,
  until,
} from "./operator-bench-settings.js";
import {
  apiRequests,
  cpuSeconds,
  eventsByReason,
  requestDelta,
  sampleCpu,
  ticksOf,
} from "./operator-bench-stats.js";

// The operator phases.

export type Tracker = {
  pod: Map<string, number>;
  running: Map<string, number>;
  failed: Set<string>;
  stop: () => void;
};

export async function track(namespace: string): Promise<Tracker> {
  const tracker = {
    pod: new Map<string, number>(),
    running: new Map<string, number>(),
    failed: new Set<string>(),
  };
  const pods = await watchAll(`/api/v1/namespaces/${namespace}/pods`, (type, object) => {
    const owner = object.metadata?.labels?.["skillpod.dev/skillpod"];
    if (type === "ADDED" && owner && !tracker.pod.has(owner)) tracker.pod.set(owner, performance.now());
  });
  const path = `/apis/${skillPodGroup}/${skillPodVersion}/namespaces/${namespace}/${skillPodPlural}`;
  const sps = await watchAll(path, (_type, object) => {
    const skillPod = object as SkillPod;
    const name = skillPod.metadata?.name ?? "";
    const phase = skillPod.status?.phase;
    if (phase === "Running" && !tracker.running.has(name)) tracker.running.set(name, performance.now());
    if (phase === "Failed") tracker.failed.add(name);
  });
  return {
    ...tracker,
    stop: () => {
      pods.stop();
      sps.stop();
      if (pods.restarts() + sps.restarts() > 0)
        say(`watch restarts: pods ${pods.restarts()}, SkillPods ${sps.restarts()}`);
    },
  };
}

export type Rest = {
  settled: boolean;
  settleSeconds: number;
  rssMiB: number;
  peakMiB: number;
  heapUsedMiB: number;
  externalMiB: number;
  cpuPercent: number;
  reconcilesPerSecond: number;
  queueDepth: number;
};

/** Waits (≤ 30 s) for the queue to drain and the reconcile count to hold still for 2 s, then samples 10 s. */
export async function atRest(operator: OperatorProcess): Promise<Rest> {
  const start = performance.now();
  let previous = -1;
  let still = 0;
  const settled = await until(
    async () => {
      const s = await operator.mustScrape();
      still = s.depth === 0 && reconcileTotal(s) === previous ? still + 1 : 0;
      previous = reconcileTotal(s);
      return still >= 4;
    },
    30_000,
    500,
  );
  const settleSeconds = (performance.now() - start) / 1000;
  const [ticks0, scrape0] = [ticksOf(operator.pid), await operator.mustScrape()];
  await sleep(config.restMs);
  const [ticks1, scrape1] = [ticksOf(operator.pid), await operator.mustScrape()];
  const { rss, peak } = memoryMiB(operator.pid);
  return {
    settled,
    settleSeconds,
    rssMiB: rss,
    peakMiB: peak,
    heapUsedMiB: scrape1.heapUsed / 2 ** 20,
    externalMiB: scrape1.external / 2 ** 20,
    cpuPercent: ((ticks1 - ticks0) / clockTicks / (config.restMs / 1000)) * 100,
    reconcilesPerSecond: (reconcileTotal(scrape1) - reconcileTotal(scrape0)) / (config.restMs / 1000),
    queueDepth: scrape1.depth,
  };
}

export type Resync = {
  operator: OperatorProcess;
  /** Spawn → reconcile_total ≥ N. */
  seconds: number;
  /** Spawn → /metrics answering (process start-up, before the informers list). */
  startupSeconds: number;
  /** Spawn → work queue empty after reaching N, if within 30 s of reaching N. */
  drainedSeconds: number;
  reconciles: number;
  errors: number;
  complete: boolean;
};

/**
 * A full resync, measured as a restart with the N SkillPods present (the relist every informer does at start):
 * from spawning a new operator process until its skillpod_operator_reconcile_total reaches N, polled every
 * 100 ms. The queue is FIFO and deduplicates keys, and every key is queued by the initial lists before any is
 * re-queued, so the first N completions are the N SkillPods once each. Also reports when the queue then drains.
 */
export async function resync(previous: OperatorProcess, namespace: string): Promise<Resync> {
  await previous.stop();
  const operator = await OperatorProcess.start(namespace);
  const startupSeconds = await operator.waitUp();
  let last: Scrape = emptyScrape();
  const complete = await until(
    async () => {
      last = await operator.mustScrape();
      return reconcileTotal(last) >= config.count;
    },
    config.phaseTimeoutMs,
    100,
  );
  const seconds = (performance.now() - operator.startedAt) / 1000;
  const reconciles = reconcileTotal(last);
  const drained = await until(async () => (await operator.mustScrape()).depth === 0, 30_000, 100);
  const drainedSeconds = drained ? (performance.now() - operator.startedAt) / 1000 : NaN;
  const errors = reconcileFailures(await operator.mustScrape());
  return { operator, seconds, startupSeconds, drainedSeconds, reconciles, errors, complete };
}

/** Deletes every SkillPod while the operator runs (its finalizer must go), then the operator and namespace. */
export async function tearDown(
  operator: OperatorProcess,
  namespace: string,
): Promise<{ seconds: number; errors: number }> {
  const start = performance.now();
  const before = await operator.mustScrape();
  await until(
    () => custom.deleteCollectionNamespacedCustomObject({ ...skillPods, namespace }).then(() => true),
    60_000,
    2000,
  );
  const gone = await until(async () => (await listSkillPods(namespace)).length === 0, 600_000, 1000);
  const seconds = (performance.now() - start) / 1000;
  const errors = reconcileFailures(await operator.mustScrape()) - reconcileFailures(before);
  if (!gone) say(`${namespace}: SkillPods left after 600 s; dropping their finalizers`);
  await operator.stop();
  if (!gone) await stripFinalizers(namespace);
  if (!(await deleteNamespace(namespace))) say(`namespace ${namespace} still terminating; going on`);
  return { seconds, errors };
}

export type OperatorResult = {
  mode: Mode;
  running: number;
  failed: number;
  createErrors: number;
  createSeconds: number;
  seconds: number;
  toPod: Latencies;
  toRunning: Latencies;
  reconciles: number;
  /** Mean time a key waited in the queue, and mean reconcile duration, from first create to last Running. */
  queueWaitMs: number;
  reconcileMs: number;
  reconcileErrors: number;
  apiPerSkillPod: number;
  topRequests: [string, number][];
  /** Events in the run's namespace by reporting component and reason, per SkillPod: every one is a write. */
  eventsPerSkillPod: [string, number][];
  cpu: Record<string, number>;
  rest: Rest;
  resync: Omit<Resync, "operator">;
  restAfterRestart: Rest;
  teardown: { seconds: number; errors: number };
  /** Other operators that watched this run's namespace (or every namespace) while it ran. */
  interference: number;
  /** codeFingerprint() of the operator that took the creates, and of the one restarted for the resync. */
  code: string[];
  operatorLogs: string[];
};

export function skillPod(name: string): object {
  return {
    apiVersion: `${skillPodGroup}/${skillPodVersion}`,
    kind: "SkillPod",
    metadata: { name },
    spec: { className, owner: { userId: `u-${name}` } },
  };
}

export async function operatorPhase(mode: Mode): Promise<OperatorResult> {
  const namespace = `bench-op-${mode}-${stamp}`;
  await awaitQuiet();
  const phaseStart = performance.now();
  await createNamespace(namespace, true);
  const operator = await OperatorProcess.start(namespace);
  await operator.waitUp();
  say(
    `${mode}: operator pid ${operator.pid} on :${operator.port}, workers ${config.workers}, log ${operator.logFile}`,
  );
  const tracker = await track(namespace);
  const [scrape0, cpu0, api0] = [await operator.mustScrape(), sampleCpu(operator.pid), await apiRequests()];
  const created = await createAll(mode, names("sp"), (name) =>
    custom.createNamespacedCustomObject({ ...skillPods, namespace, body: skillPod(name) }),
  );
  say(`${mode}: ${config.count} creates in ${round(created.seconds, 1)} s (${created.errors} failed)`);
  const extra = async (): Promise<string> => {
    const s = await operator.mustScrape();
    return `(Pods ${tracker.pod.size}, queue ${s.depth}, reconciles ${reconcileTotal(s)}, RSS ${round(memoryMiB(operator.pid).rss)} MiB)`;
  };
  await awaitAll(`operator ${mode}`, () => tracker.running.size, extra);
  const [scrape1, cpu1, api1] = [await operator.mustScrape(), sampleCpu(operator.pid), await apiRequests()];
  const events = await eventsByReason(namespace);
  tracker.stop();
  const requests = requestDelta(api0, api1);
  const rest = await atRest(operator);
  say(`${mode}: at rest ${JSON.stringify(rest)}`);
  const restarted = await resync(operator, namespace);
  const { operator: second, ...resyncResult } = restarted;
  say(`${mode}: resync ${JSON.stringify(resyncResult)}`);
  if (second.code !== operator.code)
    say(`WARNING: the operator's code changed during the run (${operator.code} → ${second.code})`);
  const restAfterRestart = await atRest(second);
  const logs = [operator.logFile, second.logFile];
  const teardown = await tearDown(second, namespace);
  say(`${mode}: deleted ${config.count} SkillPods in ${round(teardown.seconds, 1)} s`);
  return {
    mode,
    running: tracker.running.size,
    failed: tracker.failed.size,
    createErrors: created.errors,
    createSeconds: created.seconds,
    seconds: (Math.max(...tracker.running.values()) - created.start) / 1000,
    toPod: latencies(created.at, tracker.pod),
    toRunning: latencies(created.at, tracker.running),
    reconciles: reconcileTotal(scrape1) - reconcileTotal(scrape0),
    queueWaitMs: meanMs(scrape0, scrape1, "workqueue_wait"),
    reconcileMs: meanMs(scrape0, scrape1, "reconcile_duration"),
    reconcileErrors: reconcileFailures(scrape1) - reconcileFailures(scrape0) + resyncResult.errors,
    apiPerSkillPod: sum(requests.map(([, n]) => n)) / config.count,
    topRequests: requests.slice(0, 15),
    eventsPerSkillPod: events,
    cpu: cpuSeconds(cpu0, cpu1),
    rest,
    resync: resyncResult,
    restAfterRestart,
    teardown,
    interference: foreignDuring(phaseStart, performance.now()),
    code: [...new Set([operator.code, second.code])],
    operatorLogs: logs,
  };
}
