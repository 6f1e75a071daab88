// Crash injection for the durability tests: WORKERS_FAILPOINTS="after-escrow-release:0.3,..." makes the
// process SIGKILL itself at that point with that probability, the way a node loss would. Off by default.

import { writeSync } from "node:fs";

export type FailpointName = "after-escrow-release" | "after-provider-call" | "after-payout-settled";

export type Failpoints = { reach(name: FailpointName): void };

/** Parses "name:probability,…"; an unknown name or a probability outside 0..1 is a config error. */
export function parseFailpoints(spec: string): Map<FailpointName, number> {
  const known: FailpointName[] = ["after-escrow-release", "after-provider-call", "after-payout-settled"];
  const points = new Map<FailpointName, number>();
  for (const part of spec.split(",").filter((p) => p.trim() !== "")) {
    const [name = "", probability = "1"] = part.trim().split(":");
    const p = Number(probability);
    if (!known.includes(name as FailpointName) || !(p >= 0 && p <= 1)) {
      throw new Error(`bad failpoint "${part}" (known: ${known.join(", ")}; probability 0..1)`);
    }
    points.set(name as FailpointName, p);
  }
  return points;
}

export function createFailpoints(points: Map<FailpointName, number>, random = Math.random): Failpoints {
  return {
    reach(name: FailpointName): void {
      const probability = points.get(name) ?? 0;
      if (probability > 0 && random() < probability) {
        // Synchronous, so the line is out before the process is gone; the tests count these.
        writeSync(2, `failpoint ${name}: SIGKILL\n`);
        process.kill(process.pid, "SIGKILL");
      }
    },
  };
}

export const noFailpoints: Failpoints = { reach: () => undefined };
