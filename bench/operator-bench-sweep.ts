// Finding the rate this machine sustains: the children-only baseline at rising rates with a smaller N. The
// highest rate at which it keeps up and its p99 stays flat is where latency shows without queueing; the
// sustained runs (baselines and operator, full N) then use it.
import { round } from "./process-stats.js";
import { childrenPhase } from "./operator-bench-baselines.js";
import { config, say } from "./operator-bench-settings.js";

export type SweepStep = {
  rate: number;
  setsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  flat: boolean;
};

export type Sweep = { steps: SweepStep[]; rate: number };

/** Keeps up (≥ 90 % of the offered rate) with a p99 within 2× (or 250 ms) of the lowest rate's. */
function isFlat(step: Omit<SweepStep, "flat">, first: SweepStep | undefined): boolean {
  const keepsUp = step.setsPerSecond >= 0.9 * step.rate;
  if (!first) return keepsUp;
  return keepsUp && step.p99Ms <= Math.max(2 * first.p99Ms, first.p99Ms + 250);
}

/** Runs the children baseline at each BENCH_SWEEP_RATES rate until one is not flat. */
export async function sweepSustainedRate(): Promise<Sweep> {
  const steps: SweepStep[] = [];
  const count = config.count;
  config.count = config.sweepCount;
  try {
    for (const rate of [...config.sweepRates].sort((a, b) => a - b)) {
      config.sustainedRate = rate;
      const run = await childrenPhase("sustained");
      const measured = {
        rate,
        setsPerSecond: run.running / run.seconds,
        p50Ms: run.latency.p50,
        p99Ms: run.latency.p99,
      };
      const step = { ...measured, flat: isFlat(measured, steps[0]) };
      steps.push(step);
      say(
        `sweep: ${rate}/s → ${round(step.setsPerSecond, 1)} sets/s, p99 ${round(step.p99Ms)} ms, flat ${step.flat}`,
      );
      if (!step.flat) break;
    }
  } finally {
    config.count = count;
  }
  const rate = steps.filter((s) => s.flat).at(-1)?.rate ?? Math.min(...config.sweepRates);
  config.sustainedRate = rate;
  return { steps, rate };
}

export function sweepRows(sweep: Sweep): Record<string, string | number>[] {
  return sweep.steps.map((s) => ({
    "offered rate (/s)": s.rate,
    "children sets/s": round(s.setsPerSecond, 1),
    "p50 (ms)": round(s.p50Ms),
    "p99 (ms)": round(s.p99Ms),
    flat: s.flat ? (s.rate === sweep.rate ? "yes (chosen)" : "yes") : "no",
  }));
}
