// The operator bench's tables: latency (with the targets), cost and resources, one row per run.
import { round } from "./process-stats.js";
import { type ChildrenResult, type PlainResult, rateOf } from "./operator-bench-baselines.js";
import { type OperatorResult } from "./operator-bench-run.js";
import { config, targets } from "./operator-bench-settings.js";
import { describeCpu } from "./operator-bench-stats.js";

export type Baselines = { plain?: PlainResult; children?: ChildrenResult };
export type RunResult = Baselines & { operator: OperatorResult };
type Row = Record<string, string | number>;

const mark = (ok: boolean): string => (ok ? "✓" : "✗");
const perSecond = (running: number, seconds: number): number => running / seconds;

function errorsOf(r: OperatorResult): number {
  return r.reconcileErrors + r.createErrors + r.failed + (config.count - r.running);
}

/** Throughput against the ceiling at BENCH_RATE and in the burst; p99 against it at the sustained rate. */
function ceilingTarget({ operator: r, children }: RunResult): string {
  if (!children) return "— (no baseline)";
  if (r.mode === "sustained") {
    const bound = Math.min(targets.p99OfCeiling * children.latency.p99, targets.p99SustainedMs);
    return `p99 ≤ ${round(bound)} ms ${mark(r.toRunning.p99 <= bound)}`;
  }
  const ratio = perSecond(r.running, r.seconds) / perSecond(children.running, children.seconds);
  return `throughput ≥ ${targets.throughputOfCeiling} × ceiling ${mark(ratio >= targets.throughputOfCeiling)}`;
}

function targetsMet(run: RunResult): string {
  const r = run.operator;
  const rss = Math.max(r.rest.rssMiB, r.restAfterRestart.rssMiB);
  return `${ceilingTarget(run)} · RSS ${mark(rss <= targets.rssMiB)} · errors ${mark(errorsOf(r) === 0)}`;
}

const runName = (r: OperatorResult): string => (r.mode === "burst" ? "burst" : `paced ${rateOf(r.mode)}/s`);
const ratio = (a: number, b: number | undefined): string | number => (b ? round(a / b, 2) : "—");

export function latencyRow(run: RunResult): Row {
  const { operator: r, plain, children } = run;
  const rate = perSecond(r.running, r.seconds);
  const ceiling = children ? perSecond(children.running, children.seconds) : undefined;
  return {
    run: runName(r),
    Running: `${r.running}/${config.count}`,
    "SkillPods/s": round(rate, 1),
    "children only: sets/s": ceiling ? round(ceiling, 1) : "—",
    "÷ ceiling": ratio(rate, ceiling),
    "p50 / p95 / p99 create→Pod (ms)": `${round(r.toPod.p50)} / ${round(r.toPod.p95)} / ${round(r.toPod.p99)}`,
    "p50 / p95 / p99 create→Running (ms)": `${round(r.toRunning.p50)} / ${round(r.toRunning.p95)} / ${round(r.toRunning.p99)}`,
    "children only: p50 / p99 (ms)": children
      ? `${round(children.latency.p50)} / ${round(children.latency.p99)}`
      : "—",
    "p99 ÷ children p99": ratio(r.toRunning.p99, children?.latency.p99),
    "plain Pods p99 (ms)": plain ? round(plain.latency.p99) : "—",
    "target met": targetsMet(run),
  };
}

export function costRow({ operator: r, children }: RunResult): Row {
  return {
    run: runName(r),
    "API requests/SkillPod": round(r.apiPerSkillPod, 1),
    "children only: API requests/set": children ? round(children.apiPerSet, 1) : "—",
    "top requests/SkillPod": r.topRequests
      .slice(0, 5)
      .map(([k, n]) => `${k} ${round(n / config.count, 1)}`)
      .join(", "),
    "Events/SkillPod": r.eventsPerSkillPod.map(([k, n]) => `${k} ${n}`).join(", "),
    "reconciles/SkillPod": round(r.reconciles / config.count, 1),
    "mean queue wait (ms)": round(r.queueWaitMs),
    "mean reconcile (ms)": round(r.reconcileMs),
    "CPU-s operator/apiserver/etcd/kwok/sched/kcm/prov/bench": describeCpu(r.cpu),
    "children only: CPU-s apiserver/etcd/kcm": children
      ? ["apiserver", "etcd", "kcm"].map((k) => round(children.cpu[k] ?? NaN, 1)).join("/")
      : "—",
  };
}

export function resourcesRow({ operator: r }: RunResult): Row {
  return {
    run: runName(r),
    "reconcile errors": r.reconcileErrors,
    "full resync (s)": r.resync.complete ? round(r.resync.seconds, 1) : `> ${round(r.resync.seconds)}`,
    "RSS at rest (MiB)": round(r.rest.rssMiB),
    "RSS after restart (MiB)": round(r.restAfterRestart.rssMiB),
    "CPU at rest (%)": round(r.rest.cpuPercent, 1),
    "reconciles/s at rest": round(r.rest.reconcilesPerSecond, 1),
    "other operators seen": r.interference,
    "operator code": r.code.join(" → "),
  };
}

export const entryText =
  config.entry === "dist"
    ? "the production bundle, node operator/dist/main.js built by the bench (the image runs the same sources with tsx)"
    : "node --import tsx operator/src/main.ts";

export function description(): string {
  return (
    `N = ${config.count} SkillPods through one operator process (${entryText}; OPERATOR_WORKERS=${config.workers}; ` +
    `scoped to the run's namespace), created at ${config.rate}/s, at the sustained rate ${config.sustainedRate}/s ` +
    `(the highest rate of the sweep below at which the children-only baseline keeps up with a flat p99), and as one ` +
    `burst (≤ ${config.burstConcurrency} creates in flight), on tainted kwok nodes of their own. ` +
    "create→Pod: create call → first ADDED of the workspace Pod on a watch; create→Running: create call → " +
    "status.phase Running on a SkillPod watch. Children only (the ceiling): per SkillPod the same six children, " +
    "built by the operator's own builders (desiredSkillPodSet) and made by plain POSTs (the Pod when its claim is " +
    "Bound), no SkillPod, no operator, same mode: sets Running per second and create→Pod Running. Plain Pods: the " +
    "same N bare Pods. Targets, against the ceiling of the same run: SkillPods/s ≥ " +
    `${targets.throughputOfCeiling} × children sets/s at ${config.rate}/s and in the burst; at the sustained rate ` +
    `p99 create→Running ≤ ${targets.p99OfCeiling} × the children's p99 and ≤ ${targets.p99SustainedMs} ms; ` +
    `RSS ≤ ${targets.rssMiB} MiB; zero errors. Cost: all non-WATCH apiserver requests during the run (every ` +
    "client) per SkillPod, the largest five, the run namespace's Events per SkillPod by reporter and reason, " +
    "reconciles (skillpod_operator_reconcile_total), the mean queue wait and reconcile from the operator's " +
    "histograms, CPU seconds per process from first create to last Running. Resources: reconcile errors (creation " +
    "and resync); full resync: the operator restarted with N present, spawn → reconcile_total ≥ N; at rest: once " +
    "the queue is empty and the count holds for 2 s (30 s at most), VmRSS, CPU over 10 s and reconciles/s; RSS " +
    "again after the restart. Other operators seen: unscoped operators on the shared stack that also reconciled " +
    "these SkillPods. Operator code: commit/hash of its sources."
  );
}
