import { type V1PersistentVolumeClaim, type V1Pod } from "@kubernetes/client-node";
import { performance } from "node:perf_hooks";
import { childrenFor } from "./children-baseline.js";
import { percentile } from "./process-stats.js";
import {
  type Watching,
  benchClass,
  createNamespace,
  deleteNamespace,
  placement,
  watchAll,
} from "./operator-bench-cluster.js";
import { config, core, networking, say, sleep, stamp, sum, until } from "./operator-bench-settings.js";
import { apiRequests, cpuSeconds, requestDelta, sampleCpu } from "./operator-bench-stats.js";

// Creating N objects, paced or as one burst, stamping each create just before its call.

export type Mode = "paced" | "sustained" | "burst";
export const rateOf = (mode: Mode): number => (mode === "sustained" ? config.sustainedRate : config.rate);
export type Created = {
  at: Map<string, number>;
  errors: number;
  done: number;
  start: number;
  seconds: number;
};

export async function createAll(
  mode: Mode,
  names: string[],
  create: (name: string) => Promise<unknown>,
): Promise<Created> {
  const created: Created = { at: new Map(), errors: 0, done: 0, start: performance.now(), seconds: 0 };
  const one = async (name: string): Promise<void> => {
    created.at.set(name, performance.now());
    await create(name).catch((error: unknown) => {
      created.errors += 1;
      if (created.errors <= 5) say(`create ${name} failed: ${String(error)}`);
    });
    // Completed calls, not started ones: in a burst every call has started long before the first returns.
    created.done += 1;
    if (created.done % 100 === 0) say(`${mode}: ${created.done}/${names.length} create calls answered`);
  };
  if (mode !== "burst") {
    const pending: Promise<void>[] = [];
    for (const [i, name] of names.entries()) {
      const wait = created.start + (i * 1000) / rateOf(mode) - performance.now();
      if (wait > 0) await sleep(wait);
      pending.push(one(name));
    }
    await Promise.all(pending);
  } else {
    const queue = [...names];
    const worker = async (): Promise<void> => {
      for (let name = queue.shift(); name !== undefined; name = queue.shift()) await one(name);
    };
    await Promise.all(Array.from({ length: Math.min(config.burstConcurrency, names.length) }, worker));
  }
  created.seconds = (performance.now() - created.start) / 1000;
  return created;
}

export const names = (prefix: string): string[] =>
  Array.from({ length: config.count }, (_, i) => `${prefix}-${i}`);

export type Latencies = { p50: number; p95: number; p99: number; n: number };

export function latencies(
  created: Map<string, number>,
  reached: Map<string, number>,
  key = (n: string): string => n,
): Latencies {
  const values = [...created]
    .map(([name, t]) => (reached.get(key(name)) ?? NaN) - t)
    .filter((v) => Number.isFinite(v));
  return {
    p50: percentile(values, 50),
    p95: percentile(values, 95),
    p99: percentile(values, 99),
    n: values.length,
  };
}

/** Prints progress every 5 s while waiting for `reached` to hold every object (or the phase timeout). */
export async function awaitAll(
  label: string,
  reached: () => number,
  extra: () => Promise<string>,
): Promise<boolean> {
  let last = 0;
  return until(
    async () => {
      if (reached() >= config.count) return true;
      if (performance.now() - last > 5000) {
        last = performance.now();
        say(`${label}: ${reached()}/${config.count} Running ${await extra()}`);
      }
      return false;
    },
    config.phaseTimeoutMs,
    100,
  );
}

// The plain-Pod baseline: the same N Pods, same placement and size, no operator.

export type PlainResult = {
  mode: Mode;
  running: number;
  seconds: number;
  latency: Latencies;
  apiPerPod: number;
};

export function plainPod(name: string): V1Pod {
  return {
    metadata: { name },
    spec: {
      ...placement,
      automountServiceAccountToken: false,
      containers: [
        {
          name: "c",
          image: "registry.k8s.io/pause:3.10",
          resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "10m", memory: "16Mi" } },
        },
      ],
    },
  };
}

/** When each Pod of the namespace was first seen Running, by name. */
export async function runningPods(namespace: string): Promise<Watching & { running: Map<string, number> }> {
  const running = new Map<string, number>();
  const watching = await watchAll(`/api/v1/namespaces/${namespace}/pods`, (_type, object) => {
    const pod = object as V1Pod;
    const name = pod.metadata?.name ?? "";
    if (pod.status?.phase === "Running" && !running.has(name)) running.set(name, performance.now());
  });
  return { ...watching, running };
}

export async function plainPhase(mode: Mode): Promise<PlainResult> {
  const namespace = `bench-op-plain-${mode}-${stamp}`;
  await createNamespace(namespace, false);
  const { running, ...watch } = await runningPods(namespace);
  const api0 = await apiRequests();
  const created = await createAll(mode, names("p"), (name) =>
    core.createNamespacedPod({ namespace, body: plainPod(name) }),
  );
  await awaitAll(
    `plain ${mode}`,
    () => running.size,
    () => Promise.resolve(""),
  );
  const seconds = (Math.max(...running.values()) - created.start) / 1000;
  const apiPerPod = sum(requestDelta(api0, await apiRequests()).map(([, n]) => n)) / config.count;
  watch.stop();
  const result = { mode, running: running.size, seconds, latency: latencies(created.at, running), apiPerPod };
  say(`plain ${mode}: ${JSON.stringify(result)}`);
  if (!(await deleteNamespace(namespace))) say(`namespace ${namespace} still terminating; going on`);
  return result;
}

// The children baseline: each SkillPod's six children POSTed straight to the API server, no operator.

export type ChildrenResult = {
  mode: Mode;
  running: number;
  errors: number;
  seconds: number;
  latency: Latencies;
  apiPerSet: number;
  topRequests: [string, number][];
  cpu: Record<string, number>;
};

/** Workspace Pods waiting for their home to bind, by claim name; and each set's Pod name, by set name. */
export const podsAwaitingHome = new Map<string, V1Pod>();
export const workspacePodOf = new Map<string, string>();

export async function createChildren(namespace: string, name: string): Promise<void> {
  const c = childrenFor(namespace, name, benchClass);
  podsAwaitingHome.set(c.claim.metadata?.name ?? "", c.pod);
  workspacePodOf.set(name, c.pod.metadata?.name ?? "");
  await Promise.all(
    [
      () => core.createNamespacedServiceAccount({ namespace, body: c.serviceAccount }),
      () => core.createNamespacedSecret({ namespace, body: c.secret }),
      () => core.createNamespacedPersistentVolumeClaim({ namespace, body: c.claim }),
      () => core.createNamespacedService({ namespace, body: c.service }),
      () => networking.createNamespacedNetworkPolicy({ namespace, body: c.networkPolicy }),
    ].map((create) => createOnce(create)),
  );
}

/** A loaded API server may drop a keep-alive connection mid-answer: asked again, and 409 means it was made. */
export async function createOnce(create: () => Promise<unknown>, attempts = 3): Promise<void> {
  try {
    await create();
  } catch (error) {
    if ((error as { code?: number }).code === 409) return;
    if (attempts <= 1) throw error;
    await sleep(500);
    await createOnce(create, attempts - 1);
  }
}

/** Makes each workspace Pod once its claim is Bound, as the operator does; counts the Pods requested. */
export async function podsOnBinding(
  namespace: string,
  onError: (error: unknown) => void,
): Promise<Watching & { made: Set<string> }> {
  const made = new Set<string>();
  const watching = await watchAll(
    `/api/v1/namespaces/${namespace}/persistentvolumeclaims`,
    (_type, object) => {
      const claim = object as V1PersistentVolumeClaim;
      const name = claim.metadata?.name ?? "";
      const pod = podsAwaitingHome.get(name);
      if (claim.status?.phase !== "Bound" || made.has(name) || !pod) return;
      made.add(name);
      createOnce(() => core.createNamespacedPod({ namespace, body: pod })).catch(onError);
    },
  );
  return { ...watching, made };
}

export async function childrenPhase(mode: Mode): Promise<ChildrenResult> {
  const namespace = `bench-op-children-${mode}-${stamp}`;
  await createNamespace(namespace, true);
  let podErrors = 0;
  const pods = await podsOnBinding(namespace, (error) => {
    podErrors += 1;
    if (podErrors <= 5) say(`children ${mode}: Pod create failed: ${String(error)}`);
  });
  const { running, ...runningWatch } = await runningPods(namespace);
  const [cpu0, api0] = [sampleCpu(undefined), await apiRequests()];
  const created = await createAll(mode, names("c"), (name) => createChildren(namespace, name));
  await awaitAll(
    `children ${mode}`,
    () => running.size,
    () => Promise.resolve(`(Pods ${pods.made.size})`),
  );
  const [cpu1, api1] = [sampleCpu(undefined), await apiRequests()];
  pods.stop();
  runningWatch.stop();
  const result = {
    mode,
    running: running.size,
    errors: created.errors + podErrors,
    seconds: (Math.max(...running.values()) - created.start) / 1000,
    latency: latencies(created.at, running, (name) => workspacePodOf.get(name) ?? name),
    apiPerSet: sum(requestDelta(api0, api1).map(([, n]) => n)) / config.count,
    topRequests: requestDelta(api0, api1).slice(0, 15),
    cpu: cpuSeconds(cpu0, cpu1),
  };
  say(`children ${mode}: ${JSON.stringify(result)}`);
  if (!(await deleteNamespace(namespace))) say(`namespace ${namespace} still terminating; going on`);
  return result;
}
