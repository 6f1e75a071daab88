// The warm-pool comparison of the operator bench: its own namespace and operator process, both arms in one run.
import { round } from "./process-stats.js";
import { benchClass, createNamespace, deleteNamespace } from "./operator-bench-cluster.js";
import { OperatorProcess } from "./operator-bench-process.js";
import { config, kc, say, stamp } from "./operator-bench-settings.js";
import { measureWarmPool, type WarmPoolResult } from "./operator-warm-pool.js";

const poolSize = 5;
const intervalMs = 1000;

export async function warmPoolPhase(): Promise<WarmPoolResult> {
  const namespace = `bench-op-warm-${stamp}`;
  await createNamespace(namespace, true);
  const operator = await OperatorProcess.start(namespace);
  try {
    await operator.waitUp();
    const result = await measureWarmPool({
      kubeConfig: kc,
      namespace,
      classSpec: benchClass.spec,
      count: config.warmPoolCount,
      poolSize,
      intervalMs,
      say,
    });
    say(`warm pool: ${JSON.stringify(result)}`);
    return result;
  } finally {
    // While the operator runs: it finalizes the namespace's SkillPods, which the namespace waits for.
    if (!(await deleteNamespace(namespace))) say(`namespace ${namespace} still terminating; going on`);
    await operator.stop();
  }
}

export function warmPoolRows(r: WarmPoolResult): Record<string, string | number>[] {
  const arm = (name: string, l: WarmPoolResult["withPool"]): Record<string, string | number> => ({
    arm: name,
    SkillPods: l.n,
    "p50 / p95 / p99 create→Running (ms)": `${round(l.p50)} / ${round(l.p95)} / ${round(l.p99)}`,
  });
  return [
    { ...arm(`warm pool of ${r.poolSize}`, r.withPool), adopted: `${r.adopted}/${r.n}` },
    { ...arm("no pool", r.without), adopted: "—" },
  ];
}
