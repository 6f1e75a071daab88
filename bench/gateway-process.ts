// The session gateway as it runs in production: its own process (control-plane/src/gateway-main.ts), its
// config from the environment, against the stack's Redis, PostgreSQL and kube-apiserver. Its CPU and memory
// are read from /proc while the bench runs.
import { stackEnv } from "@skillpod/testkit";
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { clockTicks, cpuTicksOf, memoryMiB } from "./process-stats.js";

export type GatewayProcess = { url: string; pid: number; stop: () => Promise<void> };

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

async function waitReady(child: ChildProcess, url: string, output: string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline && child.exitCode === null) {
    const status = await fetch(url).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return;
    await sleep(200);
  }
  child.kill("SIGKILL");
  throw new Error(`the gateway did not get ready:\n${output.join("").slice(-4000)}`);
}

/**
 * `cpuProfileDir`: run it under --cpu-prof (the profile is written there when it stops), which NODE_OPTIONS
 * does not allow, hence a spawn of our own rather than testkit's NodeProcess.
 */
export async function startGatewayProcess(cpuProfileDir?: string): Promise<GatewayProcess> {
  const port = await freePort();
  const profile = cpuProfileDir ? ["--cpu-prof", `--cpu-prof-dir=${cpuProfileDir}`] : [];
  const entry = join(import.meta.dirname, "..", "control-plane/src/gateway-main.ts");
  const child = spawn(process.execPath, [...profile, "--import", "tsx", entry], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      GATEWAY_HOST: "127.0.0.1",
      GATEWAY_PORT: String(port),
      APP_DATABASE_URL: stackEnv("TEST_APP_DATABASE_URL"),
      REDIS_URL: stackEnv("REDIS_URL"),
      KUBECONFIG: stackEnv("KUBECONFIG"),
      // Each session's start and end is still audited; info would add 400 lines to the bench's output.
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  child.stdout?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr?.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  await waitReady(child, `http://127.0.0.1:${port}/readyz`, output);
  return {
    url: `ws://127.0.0.1:${port}/v1/desktop`,
    pid: child.pid ?? 0,
    stop: async () => {
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** CPU ticks and resident memory of a set of processes, sampled over a phase. */
export class ProcessMeter {
  readonly #pids: Record<string, number>;
  #startTicks: Record<string, number> = {};
  #startedAt = 0;
  #peakRss: Record<string, number> = {};
  #timer: NodeJS.Timeout | undefined;

  constructor(pids: Record<string, number>) {
    this.#pids = pids;
  }

  start(): void {
    this.#startedAt = performance.now();
    this.#peakRss = {};
    for (const [name, pid] of Object.entries(this.#pids)) this.#startTicks[name] = cpuTicksOf(pid) ?? NaN;
    this.#sample();
    this.#timer = setInterval(() => this.#sample(), 500);
  }

  /** Per process: share of one core used since start (1 = one core busy), and peak RSS in MiB. */
  stop(): Record<string, { cpu: number; rssMiB: number }> {
    clearInterval(this.#timer);
    this.#sample();
    const seconds = (performance.now() - this.#startedAt) / 1000;
    const out: Record<string, { cpu: number; rssMiB: number }> = {};
    for (const [name, pid] of Object.entries(this.#pids)) {
      const ticks = (cpuTicksOf(pid) ?? NaN) - (this.#startTicks[name] ?? NaN);
      out[name] = { cpu: ticks / clockTicks / seconds, rssMiB: this.#peakRss[name] ?? NaN };
    }
    return out;
  }

  #sample(): void {
    for (const [name, pid] of Object.entries(this.#pids)) {
      this.#peakRss[name] = Math.max(this.#peakRss[name] ?? 0, memoryMiB(pid).rss);
    }
  }
}
