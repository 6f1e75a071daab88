// Baseline for the operator benchmark: how fast the bare local control plane (apiserver → scheduler → kwok)
// takes plain Pods from create to Running, with no operator in the loop.
import { CoreV1Api, KubeConfig, Watch, type V1Pod } from "@kubernetes/client-node";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

const count = Number(process.env.BENCH_PODS ?? 200);
const kc = new KubeConfig();
kc.loadFromDefault();
const core = kc.makeApiClient(CoreV1Api);
const namespace = `bench-pods-${Date.now()}`;

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
};

function pod(i: number): V1Pod {
  return {
    metadata: { name: `p-${i}` },
    spec: {
      containers: [
        {
          name: "c",
          image: "registry.k8s.io/pause:3.10",
          resources: { requests: { cpu: "10m", memory: "16Mi" } },
        },
      ],
    },
  };
}

async function main(): Promise<void> {
  await core.createNamespace({ body: { metadata: { name: namespace } } });
  const created = new Map<string, number>();
  const running = new Map<string, number>();
  let done!: () => void;
  const allRunning = new Promise<void>((resolve) => (done = resolve));
  const onPod = (_type: string, obj: V1Pod): void => {
    const name = obj.metadata?.name ?? "";
    if (obj.status?.phase === "Running" && !running.has(name)) running.set(name, performance.now());
    if (running.size === count) done();
  };
  // A watch can end early without an error; restart it (events already seen are idempotent here).
  let watch: AbortController | undefined;
  const startWatch = async (): Promise<void> => {
    watch = await new Watch(kc).watch(`/api/v1/namespaces/${namespace}/pods`, {}, onPod, () => {
      if (running.size < count) void startWatch();
    });
  };
  await startWatch();
  const keepAlive = setInterval(() => undefined, 1000);
  await new Promise((r) => setTimeout(r, 3000)); // default service account
  const start = performance.now();
  await Promise.all(
    Array.from({ length: count }, async (_, i) => {
      created.set(`p-${i}`, performance.now());
      await core.createNamespacedPod({ namespace, body: pod(i) });
    }),
  );
  await allRunning;
  const seconds = (performance.now() - start) / 1000;
  clearInterval(keepAlive);
  watch?.abort();
  await core.deleteNamespace({ name: namespace });
  const latencies = [...running].map(([name, t]) => t - (created.get(name) ?? t));
  const row = {
    pods: count,
    "pods/s": (count / seconds).toFixed(1),
    "p50 create→Running (ms)": percentile(latencies, 50).toFixed(0),
    "p95 (ms)": percentile(latencies, 95).toFixed(0),
    "p99 (ms)": percentile(latencies, 99).toFixed(0),
  };
  const result = {
    name: "Local control plane: plain Pods create → Running",
    date: new Date().toISOString(),
    description:
      "One burst of plain Pods through kube-apiserver, kube-scheduler and kwok (no operator); the baseline for the operator's create→Running figures.",
    rows: [row],
  };
  writeFileSync(join(import.meta.dirname, "results", "stack.json"), `${JSON.stringify(result, null, 2)}\n`);
  console.log(JSON.stringify(row));
}

await main();
