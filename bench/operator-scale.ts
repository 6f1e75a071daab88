// The operator's opt-in scale mode: `npx tsx bench/operator-scale.ts` (BENCH_SCALE_SKILLPODS, default 10,000),
// not part of `make bench`. N SkillPods paced at the rate this machine sustains (the children-only sweep's, or
// BENCH_SCALE_RATE) through one operator process; then its RSS at rest, a full resync (a restart with N
// present) and the reconcile errors. Results in bench/results/operator-scale.json and BENCHMARKS.md.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { round } from "./process-stats.js";
import { runCleaningUp } from "./operator-bench-cleanup.js";
import { createClass, createNodes } from "./operator-bench-cluster.js";
import { prepareEntry, scanForeignOperators } from "./operator-bench-process.js";
import { type RunResult, costRow, entryText, latencyRow, resourcesRow } from "./operator-bench-report.js";
import { operatorPhase, type OperatorResult } from "./operator-bench-run.js";
import {
  config,
  execFileAsync,
  kubectlBin,
  repo,
  say,
  stamp,
  targets,
  transient,
} from "./operator-bench-settings.js";
import { sweepRows, sweepSustainedRate, type Sweep } from "./operator-bench-sweep.js";

const mark = (ok: boolean): string => (ok ? "✓" : "✗");

function scaleTargets(r: OperatorResult): Record<string, string | number> {
  const rss = Math.max(r.rest.rssMiB, r.restAfterRestart.rssMiB);
  const errors = r.reconcileErrors + r.createErrors + r.failed + (config.count - r.running);
  return {
    SkillPods: config.count,
    "paced at (/s)": config.sustainedRate,
    "RSS at rest, max of before/after restart (MiB)": round(rss),
    [`RSS ≤ ${targets.rssMiB} MiB`]: mark(rss <= targets.rssMiB),
    "full resync (s)": round(r.resync.seconds, 1),
    [`resync ≤ ${targets.scaleResyncSeconds} s`]: mark(
      r.resync.complete && r.resync.seconds <= targets.scaleResyncSeconds,
    ),
    "errors (reconcile, create, not Running)": errors,
    "zero errors": mark(errors === 0),
  };
}

async function rate(): Promise<Sweep | undefined> {
  if (config.scaleRate !== "auto") {
    config.sustainedRate = config.scaleRate;
    return undefined;
  }
  return sweepSustainedRate();
}

async function main(): Promise<void> {
  config.count = config.scaleCount;
  say(`scale: N=${config.count}, workers ${config.workers}, nodes ${config.nodes}, stamp ${stamp}`);
  await execFileAsync(kubectlBin, ["apply", "--server-side", "--force-conflicts", "-f", join(repo, "crds")]);
  const scanner = setInterval(scanForeignOperators, 2000);
  scanner.unref();
  await prepareEntry();
  await createNodes();
  await createClass();
  const sweep = await rate();
  // Paced creation alone takes N / rate; waiting is allowed twice that.
  config.phaseTimeoutMs = Math.max(config.phaseTimeoutMs, (2 * 1000 * config.count) / config.sustainedRate);
  say(`scale: pacing ${config.count} SkillPods at ${config.sustainedRate}/s`);
  const run: RunResult = { operator: await operatorPhase("sustained") };
  const result = {
    name: `Operator at scale: ${config.count} SkillPods (opt-in: npx tsx bench/operator-scale.ts)`,
    date: new Date().toISOString(),
    description:
      `N = ${config.count} SkillPods through one operator process (${entryText}; OPERATOR_WORKERS=${config.workers}), ` +
      `paced at ${config.sustainedRate}/s (${sweep ? "the highest flat rate of the children-only sweep" : "BENCH_SCALE_RATE"}). ` +
      `Targets: operator RSS at rest ≤ ${targets.rssMiB} MiB (before and after a restart), full resync (a restart ` +
      `with N present: spawn → reconcile_total ≥ N) ≤ ${targets.scaleResyncSeconds} s, zero errors. Columns as in ` +
      "the operator table above.",
    rows: [scaleTargets(run.operator)],
    tables: [
      { title: "Latency", rows: [latencyRow(run)] },
      { title: "Cost per SkillPod", rows: [costRow(run)] },
      { title: "Resources", rows: [resourcesRow(run)] },
      ...(sweep ? [{ title: "Sustained-rate sweep (children only)", rows: sweepRows(sweep) }] : []),
    ],
  };
  writeFileSync(
    join(import.meta.dirname, "results", "operator-scale.json"),
    `${JSON.stringify(result, null, 2)}\n`,
  );
  clearInterval(scanner);
  console.log(JSON.stringify({ config, transientErrors: transient.errors, sweep, run }, null, 2));
}

await runCleaningUp(main);
