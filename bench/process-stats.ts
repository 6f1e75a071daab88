// What the benchmarks measure the same way: percentiles, and a process's memory and CPU from /proc.
import { readFileSync } from "node:fs";

/** getconf CLK_TCK on Linux. */
export const clockTicks = 100;

/** Nearest-rank percentile; NaN for no values. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

/** A figure for a results table: fixed digits, or "—" when it could not be measured. */
export const round = (value: number, digits = 0): string =>
  Number.isFinite(value) ? value.toFixed(digits) : "—";

/** Resident and peak resident memory of a process in MiB (NaN when it is gone). */
export function memoryMiB(pid: number): { rss: number; peak: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string): number =>
      Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1]);
    return { rss: kb("VmRSS") / 1024, peak: kb("VmHWM") / 1024 };
  } catch {
    return { rss: NaN, peak: NaN };
  }
}

/** User + system CPU ticks of a process, or undefined when it is gone. */
export function cpuTicksOf(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of proc(5))
  } catch {
    return undefined;
  }
}
