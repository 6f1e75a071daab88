// The operator at scale: N SkillPods (BENCH_SKILLPODS, default 1000) through the real operator process,
// created paced at BENCH_RATE/s (default 20), at the rate this machine sustains (found by a sweep of the
// children-only baseline) and as one burst, on the local control plane with kwok nodes. Measures create→Pod
// and create→Running, a full resync, the operator's RSS and CPU at rest with N objects, and in each mode the
// same N plain Pods and the same children without the operator (the ceiling) for the targets. Everything it makes
// (namespaces, a SkillPodClass, tainted kwok nodes, operator processes) is removed at the end, also on failure.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { type Mode, childrenPhase, plainPhase } from "./operator-bench-baselines.js";
import { runCleaningUp } from "./operator-bench-cleanup.js";
import { createClass, createNodes } from "./operator-bench-cluster.js";
import { prepareEntry, scanForeignOperators } from "./operator-bench-process.js";
import {
  type Baselines,
  type RunResult,
  costRow,
  description,
  latencyRow,
  resourcesRow,
} from "./operator-bench-report.js";
import { sweepRows, sweepSustainedRate } from "./operator-bench-sweep.js";
import { warmPoolPhase, warmPoolRows } from "./operator-bench-warm-pool.js";
import { operatorPhase } from "./operator-bench-run.js";
import {
  config,
  execFileAsync,
  kubectlBin,
  repo,
  say,
  stamp,
  transient,
} from "./operator-bench-settings.js";

/** The three modes, each with its baselines (plain Pods, children only) just before the operator's run. */
async function runModes(): Promise<RunResult[]> {
  const results: RunResult[] = [];
  const modes: Mode[] = config.sustainedRate > 0 ? ["paced", "sustained", "burst"] : ["paced", "burst"];
  for (const mode of modes) {
    const baselines: Baselines = config.baseline
      ? { plain: await plainPhase(mode), children: await childrenPhase(mode) }
      : {};
    results.push({ ...baselines, operator: await operatorPhase(mode) });
  }
  return results;
}

async function main(): Promise<void> {
  say(
    `N=${config.count}, rate ${config.rate}/s, workers ${config.workers}, nodes ${config.nodes}, stamp ${stamp}`,
  );
  await execFileAsync(kubectlBin, ["apply", "--server-side", "--force-conflicts", "-f", join(repo, "crds")]);
  const scanner = setInterval(scanForeignOperators, 2000);
  scanner.unref();
  await prepareEntry();
  await createNodes();
  await createClass();
  const sweep = config.findSustainedRate ? await sweepSustainedRate() : undefined;
  if (sweep) say(`sustained rate: ${sweep.rate}/s`);
  const results = await runModes();
  const warmPool = config.warmPoolCount > 0 ? await warmPoolPhase() : undefined;
  const result = {
    name: "Operator: SkillPods create → Running at scale",
    date: new Date().toISOString(),
    description: description(),
    rows: results.map(latencyRow),
    tables: [
      { title: "Cost per SkillPod", rows: results.map(costRow) },
      { title: "Resources", rows: results.map(resourcesRow) },
      ...(sweep
        ? [
            {
              title: `Sustained-rate sweep (children only, N = ${config.sweepCount})`,
              rows: sweepRows(sweep),
            },
          ]
        : []),
      ...(warmPool
        ? [
            {
              title: `Warm pool vs none, same run (Ephemeral homes, a pair of creates every ${warmPool.intervalMs} ms)`,
              rows: warmPoolRows(warmPool),
            },
          ]
        : []),
    ],
  };
  writeFileSync(
    join(import.meta.dirname, "results", "operator.json"),
    `${JSON.stringify(result, null, 2)}\n`,
  );
  clearInterval(scanner);
  console.log(
    JSON.stringify({ config, transientErrors: transient.errors, sweep, warmPool, results }, null, 2),
  );
}

await runCleaningUp(main);
