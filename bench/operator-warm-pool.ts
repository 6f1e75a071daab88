// create→Running with a warm pool vs without, in one run: Ephemeral-home SkillPods of two classes made from
// the same spec, one keeping a pool in the namespace and one not, created alternately at a pace the pool
// can refill at. The operator under test must watch `namespace` (scoped to it, or to every namespace).
import { CoreV1Api, CustomObjectsApi, Watch, type KubeConfig, type V1Pod } from "@kubernetes/client-node";
import type { SkillPod, SkillPodClass, SkillPodClassSpec } from "@skillpod/api";
import {
  labels,
  skillPodApiVersion,
  skillPodClassKind,
  skillPodClassPlural,
  skillPodGroup,
  skillPodKind,
  skillPodPlural,
  skillPodVersion,
} from "@skillpod/api";
import { performance } from "node:perf_hooks";
import { percentile } from "./process-stats.js";

export type WarmPoolBenchOptions = {
  kubeConfig: KubeConfig;
  namespace: string;
  /** Image, resources and placement of both classes; warmPool is set here. */
  classSpec: SkillPodClassSpec;
  /** SkillPods per arm (default 20). */
  count?: number;
  /** The pool's size (default 5). */
  poolSize?: number;
  /** Between one pair of creates and the next (default 1000 ms: the pool refills in between). */
  intervalMs?: number;
  timeoutMs?: number;
  say?: (message: string) => void;
};

export type WarmPoolLatencies = { p50: number; p95: number; p99: number; n: number };

export type WarmPoolResult = {
  withPool: WarmPoolLatencies;
  without: WarmPoolLatencies;
  /** SkillPods of the pooled arm that got a pool Pod (the rest found the pool empty). */
  adopted: number;
  n: number;
  poolSize: number;
  intervalMs: number;
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const group = { group: skillPodGroup, version: skillPodVersion };

function latencies(created: Map<string, number>, running: Map<string, number>): WarmPoolLatencies {
  const values = [...created].map(([name, t]) => (running.get(name) ?? NaN) - t).filter(Number.isFinite);
  const at = (p: number): number => Math.round(percentile(values, p));
  return { p50: at(50), p95: at(95), p99: at(99), n: values.length };
}

async function until(
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!(await check())) {
    if (performance.now() > deadline) throw new Error(`warm-pool bench: timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** When each SkillPod of the namespace was first seen Running, by name. */
async function watchRunning(
  kubeConfig: KubeConfig,
  namespace: string,
): Promise<{ running: Map<string, number>; pods: Map<string, string>; stop: () => void }> {
  const running = new Map<string, number>();
  const pods = new Map<string, string>();
  const path = `/apis/${skillPodGroup}/${skillPodVersion}/namespaces/${namespace}/${skillPodPlural}`;
  const onEvent = (type: string, skillPod: SkillPod): void => {
    const name = skillPod.metadata?.name ?? "";
    if (type === "DELETED" || skillPod.status?.phase !== "Running" || running.has(name)) return;
    running.set(name, performance.now());
    pods.set(name, skillPod.status.podName ?? "");
  };
  const watch = await new Watch(kubeConfig).watch(path, {}, onEvent, () => undefined);
  return { running, pods, stop: () => watch.abort() };
}

function classBody(
  name: string,
  spec: SkillPodClassSpec,
  warmPool: SkillPodClassSpec["warmPool"],
): SkillPodClass {
  return {
    apiVersion: skillPodApiVersion,
    kind: skillPodClassKind,
    metadata: { name, labels: { "skillpod.dev/bench": "true" } },
    spec: { ...spec, warmPool },
  };
}

function skillPodBody(name: string, className: string): SkillPod {
  return {
    apiVersion: skillPodApiVersion,
    kind: skillPodKind,
    metadata: { name },
    spec: { className, owner: { userId: "u-bench" }, home: { volume: "Ephemeral" } },
  };
}

type Arms = { withPool: string; without: string };
type Run = { core: CoreV1Api; custom: CustomObjectsApi; namespace: string; arms: Arms };

async function poolReady({ core, namespace, arms }: Run, size: number): Promise<boolean> {
  const labelSelector = `${labels.warmPool}=${arms.withPool}`;
  const pods = await core.listNamespacedPod({ namespace, labelSelector });
  const ready = (p: V1Pod): boolean =>
    p.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;
  return pods.items.filter(ready).length >= size;
}

/** A pair (one per arm) every intervalMs, each create stamped just before its call. */
async function createPairs(
  run: Run,
  count: number,
  intervalMs: number,
  made: string[],
): Promise<Record<keyof Arms, Map<string, number>>> {
  const created = { withPool: new Map<string, number>(), without: new Map<string, number>() };
  const skillPods = { ...group, plural: skillPodPlural, namespace: run.namespace };
  const start = performance.now();
  const creates: Promise<unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const wait = start + i * intervalMs - performance.now();
    if (wait > 0) await sleep(wait);
    for (const arm of ["withPool", "without"] as const) {
      const name = `${run.arms[arm]}-${i}`;
      made.push(name);
      created[arm].set(name, performance.now());
      const body = skillPodBody(name, run.arms[arm]);
      creates.push(run.custom.createNamespacedCustomObject({ ...skillPods, body }));
    }
  }
  await Promise.all(creates);
  return created;
}

/**
 * Measures create→Running (status.phase, seen by a watch) for `count` SkillPods per arm, both arms
 * interleaved in one run, and removes what it made (SkillPods, both classes; the pool goes with its class).
 */
export async function measureWarmPool(options: WarmPoolBenchOptions): Promise<WarmPoolResult> {
  const { kubeConfig, namespace } = options;
  const count = options.count ?? 20;
  const poolSize = options.poolSize ?? 5;
  const intervalMs = options.intervalMs ?? 1000;
  const timeoutMs = options.timeoutMs ?? 300_000;
  const say = options.say ?? ((m: string): void => console.log(`[warm-pool-bench] ${m}`));
  const stamp = Date.now().toString(36);
  const run: Run = {
    core: kubeConfig.makeApiClient(CoreV1Api),
    custom: kubeConfig.makeApiClient(CustomObjectsApi),
    namespace,
    arms: { withPool: `wp-bench-${stamp}`, without: `cold-bench-${stamp}` },
  };
  const classes = { ...group, plural: skillPodClassPlural };
  const pool = { size: poolSize, namespaces: [namespace] };
  const made: string[] = [];
  await run.custom.createClusterCustomObject({
    ...classes,
    body: classBody(run.arms.withPool, options.classSpec, pool),
  });
  await run.custom.createClusterCustomObject({
    ...classes,
    body: classBody(run.arms.without, options.classSpec, { size: 0 }),
  });
  const watching = await watchRunning(kubeConfig, namespace);
  try {
    await until(() => poolReady(run, poolSize), timeoutMs, `${poolSize} ready pool Pods`);
    say(`pool of ${poolSize} ready; creating ${count} SkillPods per arm, a pair every ${intervalMs} ms`);
    const created = await createPairs(run, count, intervalMs, made);
    await until(
      () => made.every((n) => watching.running.has(n)),
      timeoutMs,
      `${made.length} SkillPods Running`,
    );
    const fromPool = (n: string): boolean =>
      watching.pods.get(n)?.startsWith(`wp-${run.arms.withPool}-`) ?? false;
    const result: WarmPoolResult = {
      withPool: latencies(created.withPool, watching.running),
      without: latencies(created.without, watching.running),
      adopted: [...created.withPool.keys()].filter(fromPool).length,
      n: count,
      poolSize,
      intervalMs,
    };
    const { withPool: w, without: o } = result;
    say(
      `with pool p50/p95/p99 ${w.p50}/${w.p95}/${w.p99} ms (${result.adopted}/${count} adopted); ` +
        `without ${o.p50}/${o.p95}/${o.p99} ms`,
    );
    return result;
  } finally {
    watching.stop();
    const skillPods = { ...group, plural: skillPodPlural, namespace };
    await Promise.all(
      made.map((name) =>
        run.custom.deleteNamespacedCustomObject({ ...skillPods, name }).catch(() => undefined),
      ),
    );
    for (const name of Object.values(run.arms))
      await run.custom.deleteClusterCustomObject({ ...classes, name }).catch(() => undefined);
  }
}
