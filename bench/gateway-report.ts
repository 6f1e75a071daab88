// The gateway bench's figures: outcomes of every round merged per path, the rows of its three tables and the
// verdict on each target of issue 13 (added p99 ≤ 5 ms, throughput ≥ 0.9 × direct, 200 viewers on one
// process).
import type { InputOutcome, PathName, PhaseOutcome } from "./gateway-phases.js";
import { percentile, round } from "./process-stats.js";

export type PathOutcomes = { paced: PhaseOutcome[]; maxRate: PhaseOutcome[]; input: InputOutcome[] };

export type Merged = {
  latenciesMs: number[];
  changes: number;
  delivered: number;
  missed: number;
  updates: number;
  bytes: number;
  seconds: number;
  /** Share of one core over the phases, per process. */
  cpu: Record<string, number>;
  peakRssMiB: Record<string, number>;
};

export const targets = { addedP99Ms: 5, throughputRatio: 0.9, viewers: 200 } as const;

export function merge(outcomes: PhaseOutcome[]): Merged {
  const merged: Merged = {
    ...{ latenciesMs: [], changes: 0, delivered: 0, missed: 0, updates: 0, bytes: 0, seconds: 0 },
    ...{ cpu: {}, peakRssMiB: {} },
  };
  for (const o of outcomes) {
    merged.latenciesMs.push(...o.latenciesMs);
    merged.changes += o.changes;
    merged.delivered += o.delivered;
    merged.missed += o.missed;
    merged.updates += o.updates;
    merged.bytes += o.bytes;
    merged.seconds += o.seconds;
    for (const [name, usage] of Object.entries(o.usage)) {
      // Weighted by each phase's length: core-seconds summed, divided by all seconds below.
      merged.cpu[name] = (merged.cpu[name] ?? 0) + usage.cpu * o.seconds;
      merged.peakRssMiB[name] = Math.max(merged.peakRssMiB[name] ?? 0, usage.rssMiB);
    }
  }
  for (const name of Object.keys(merged.cpu)) merged.cpu[name] = (merged.cpu[name] ?? 0) / merged.seconds;
  return merged;
}

const ms = (values: number[], p: number): string => round(percentile(values, p), 1);
const corePercent = (share: number | undefined): string => `${round((share ?? NaN) * 100, 0)} %`;
const mibPerSecond = (m: Merged): number => m.bytes / 2 ** 20 / m.seconds;

export type ScreenFigures = { viewers: number; paced: Merged; maxRate: Merged; direct: Merged };

export function screenRow(path: PathName, figures: ScreenFigures): Record<string, string | number> {
  const { viewers, paced, maxRate, direct } = figures;
  return {
    path: path === "gateway" ? "through the gateway" : "straight to Xvnc (baseline)",
    viewers,
    changes: paced.changes,
    "delivered (change × viewer)": paced.delivered,
    missed: paced.missed,
    "p50 (ms)": ms(paced.latenciesMs, 50),
    "p99 (ms)": ms(paced.latenciesMs, 99),
    "max (ms)": ms(paced.latenciesMs, 100),
    "max rate: updates/s": Math.round(maxRate.updates / maxRate.seconds),
    "max rate: MiB/s": round(mibPerSecond(maxRate), 1),
    "× direct": round(mibPerSecond(maxRate) / mibPerSecond(direct), 3),
    "gateway CPU paced / max rate": `${corePercent(paced.cpu.gateway)} / ${corePercent(maxRate.cpu.gateway)}`,
    "Xvnc CPU paced / max rate": `${corePercent(paced.cpu.xvnc)} / ${corePercent(maxRate.cpu.xvnc)}`,
    "viewers' process CPU paced / max rate": `${corePercent(paced.cpu.bench)} / ${corePercent(maxRate.cpu.bench)}`,
  };
}

export function inputRow(path: PathName, outcomes: InputOutcome[]): Record<string, string | number> {
  const latencies = outcomes.flatMap((o) => o.latenciesMs);
  return {
    path: path === "gateway" ? "through the gateway" : "straight to Xvnc (baseline)",
    keys: latencies.length,
    "p50 (ms)": ms(latencies, 50),
    "p99 (ms)": ms(latencies, 99),
    "max (ms)": ms(latencies, 100),
    "no echo within 2 s": outcomes.reduce((sum, o) => sum + o.timeouts, 0),
  };
}

export type Footprint = { viewers: number; connected: number; idleRssMiB: number; loadedRssMiB: number };

type Verdict = { measure: string; value: string; target: string; met: string };

const verdict = (measure: string, value: string, target: string, met: boolean | undefined): Verdict => ({
  measure,
  value,
  target,
  met: met === undefined ? "—" : met ? "✓" : "✗",
});

export function targetRows(
  merged: Record<PathName, { paced: Merged; maxRate: Merged; input: number[] }>,
  footprint: Footprint,
): Verdict[] {
  const { gateway, direct } = merged;
  const added = (p: number): number =>
    percentile(gateway.paced.latenciesMs, p) - percentile(direct.paced.latenciesMs, p);
  const ratio = mibPerSecond(gateway.maxRate) / mibPerSecond(direct.maxRate);
  const addedInput = (p: number): number => percentile(gateway.input, p) - percentile(direct.input, p);
  const perViewer = (share: number | undefined): string =>
    `${round(((share ?? NaN) * 100) / footprint.viewers, 3)} % of a core`;
  return [
    verdict("added latency p50 (gateway − direct)", `${round(added(50), 1)} ms`, "—", undefined),
    verdict(
      "added latency p99 (gateway − direct)",
      `${round(added(99), 1)} ms`,
      `≤ ${targets.addedP99Ms} ms`,
      added(99) <= targets.addedP99Ms,
    ),
    verdict(
      "throughput at max rate ÷ direct",
      round(ratio, 3),
      `≥ ${targets.throughputRatio}`,
      ratio >= targets.throughputRatio,
    ),
    verdict(
      "viewers on one gateway process (open at the end)",
      `${footprint.connected} / ${footprint.viewers}`,
      `${targets.viewers}`,
      // A smaller run says nothing about the 200-viewer target: no verdict rather than a ✗.
      footprint.viewers < targets.viewers ? undefined : footprint.connected === footprint.viewers,
    ),
    verdict("gateway CPU per viewer, paced", perViewer(gateway.paced.cpu.gateway), "—", undefined),
    verdict("gateway CPU per viewer, max rate", perViewer(gateway.maxRate.cpu.gateway), "—", undefined),
    verdict(
      "gateway RSS per viewer (peak under load − before sessions)",
      `${round(((footprint.loadedRssMiB - footprint.idleRssMiB) * 1024) / footprint.viewers, 0)} KiB (${round(footprint.idleRssMiB, 0)} → ${round(footprint.loadedRssMiB, 0)} MiB)`,
      "—",
      undefined,
    ),
    verdict(
      "added key → echo latency p50 / p99",
      `${round(addedInput(50), 1)} / ${round(addedInput(99), 1)} ms`,
      "—",
      undefined,
    ),
  ];
}
