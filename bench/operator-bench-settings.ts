import {
  CoreV1Api,
  CustomObjectsApi,
  NetworkingV1Api,
  PatchStrategy,
  setHeaderOptions,
} from "@kubernetes/client-node";
import { parseConfig } from "@skillpod/config";
import { loadKubeConfig } from "@skillpod/kube-client";
import { skillPodGroup, skillPodPlural, skillPodVersion } from "@skillpod/api";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import { z } from "zod";

export const count = z.coerce.number().int().positive();
export const rate = z.coerce.number().positive();
export const seconds = z.coerce.number().nonnegative();
export const flag = z.enum(["true", "false"]).transform((v) => v === "true");
// Parsed before anything touches the cluster: a typo (BENCH_SKILLPODS=1k) fails here, naming the variable,
// rather than as a run of zero SkillPods that waits out the phase timeout.
export const env = process.env;
export const settings = parseConfig(
  z.object({
    BENCH_SKILLPODS: count.default(1000),
    BENCH_RATE: rate.default(20),
    /**
     * A second paced run at a rate this machine sustains, to show latency without queueing: "auto" finds it
     * (the highest of BENCH_SWEEP_RATES at which the children-only baseline keeps up with a flat p99), a
     * number sets it, 0 skips the run.
     */
    BENCH_SUSTAINED_RATE: z.union([z.literal("auto"), z.coerce.number().nonnegative()]).default("auto"),
    BENCH_SWEEP_RATES: z
      .string()
      .default("4,8,12,16,20")
      .transform((v) => v.split(",").map(Number))
      .pipe(z.array(z.number().positive()).min(1)),
    BENCH_SWEEP_SKILLPODS: count.default(200),
    /** Warm pool vs none, same run: N SkillPods with an Ephemeral home each way (0: not run). */
    BENCH_WARM_POOL_SKILLPODS: z.coerce.number().int().nonnegative().default(50),
    /** The opt-in scale mode (bench/operator-scale.ts): N SkillPods, paced at the sweep's rate or this one. */
    BENCH_SCALE_SKILLPODS: count.default(10_000),
    BENCH_SCALE_RATE: z.union([z.literal("auto"), z.coerce.number().positive()]).default("auto"),
    BENCH_OPERATOR_WORKERS: count.default(8),
    BENCH_BURST_CONCURRENCY: count.default(200),
    BENCH_BASELINE: flag.default(true),
    BENCH_NODES: count.default(4),
    BENCH_PHASE_TIMEOUT_SECONDS: rate.default(1200),
    /** "dist": the production bundle (npm run build -w @skillpod/operator, as the image runs it); "tsx": the sources. */
    BENCH_OPERATOR_ENTRY: z.enum(["dist", "tsx"]).default("dist"),
    BENCH_QUIET_WAIT_SECONDS: seconds.default(600),
  }),
  env,
);
export const config = {
  count: settings.BENCH_SKILLPODS,
  rate: settings.BENCH_RATE,
  /** Set by the sweep when BENCH_SUSTAINED_RATE is "auto". */
  sustainedRate: settings.BENCH_SUSTAINED_RATE === "auto" ? 0 : settings.BENCH_SUSTAINED_RATE,
  findSustainedRate: settings.BENCH_SUSTAINED_RATE === "auto",
  sweepRates: settings.BENCH_SWEEP_RATES,
  sweepCount: settings.BENCH_SWEEP_SKILLPODS,
  warmPoolCount: settings.BENCH_WARM_POOL_SKILLPODS,
  scaleCount: settings.BENCH_SCALE_SKILLPODS,
  scaleRate: settings.BENCH_SCALE_RATE,
  workers: settings.BENCH_OPERATOR_WORKERS,
  burstConcurrency: settings.BENCH_BURST_CONCURRENCY,
  baseline: settings.BENCH_BASELINE,
  nodes: settings.BENCH_NODES,
  phaseTimeoutMs: settings.BENCH_PHASE_TIMEOUT_SECONDS * 1000,
  restMs: 10_000,
  entry: settings.BENCH_OPERATOR_ENTRY,
  quietWaitMs: settings.BENCH_QUIET_WAIT_SECONDS * 1000,
};
/**
 * Against the children-only ceiling of the same run: throughput at BENCH_RATE and in the burst; p99 at the
 * sustained rate (also ≤ 1 s). RSS at rest and the scale mode's resync are absolute.
 */
export const targets = {
  throughputOfCeiling: 0.9,
  p99OfCeiling: 1.25,
  p99SustainedMs: 1000,
  rssMiB: 256,
  scaleResyncSeconds: 30,
};

export const repo = join(import.meta.dirname, "..");
export const stamp = Date.now().toString(36);
// Keep-alive connections, as any long-lived client of the platform would hold (client-node alone makes a TLS
// handshake per request, which loads the API server that the operator is being measured against).
export const kc = loadKubeConfig();
export const core = kc.makeApiClient(CoreV1Api);
export const custom = kc.makeApiClient(CustomObjectsApi);
export const networking = kc.makeApiClient(NetworkingV1Api);
export const mergePatch = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);
export const skillPods = { group: skillPodGroup, version: skillPodVersion, plural: skillPodPlural };
export const className = `bench-op-${stamp}`;
export const nodeLabel = "skillpod.dev/bench-node";
export const taintKey = "skillpod.dev/bench";
export const kubectlBin = env.SKILLPOD_BIN ? join(env.SKILLPOD_BIN, "kubectl") : "kubectl";
export const execFileAsync = promisify(execFile);

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
export const say = (message: string): void => console.log(`[operator-bench] ${message}`);
export const sum = (values: number[]): number => values.reduce((a, b) => a + b, 0);

/** An error that polling must not swallow (the operator died): ends the run. */
export class FatalError extends Error {
  override name = "FatalError";
}

/** Transient API errors while polling (a loaded apiserver resets connections): counted, then polled again. */
export const transient = { errors: 0 };

export async function attempt(check: () => boolean | Promise<boolean>): Promise<boolean> {
  try {
    return await check();
  } catch (error) {
    if (error instanceof FatalError) throw error;
    transient.errors += 1;
    if (transient.errors <= 10) say(`transient error while polling (retrying): ${String(error)}`);
    return false;
  }
}

/** Polls `check` every `everyMs` until it answers true or `timeoutMs` passes; answers whether it did. */
export async function until(
  check: () => boolean | Promise<boolean>,
  timeoutMs: number,
  everyMs = 200,
): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (performance.now() < deadline) {
    if (await attempt(check)) return true;
    await sleep(everyMs);
  }
  return attempt(check);
}

/** What this run made on the cluster, so clean-up finds it. */
export const made = { nodes: new Set<string>(), namespaces: new Set<string>(), classCreated: false };
