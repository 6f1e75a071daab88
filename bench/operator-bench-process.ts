import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { closeSync, copyFileSync, openSync, readdirSync, readFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import {
  FatalError,
  config,
  env,
  execFileAsync,
  made,
  repo,
  say,
  sleep,
  stamp,
  sum,
  until,
} from "./operator-bench-settings.js";

// The operator as a separate process: `node --import tsx`, so the child's pid is the operator itself
// (`npx tsx` would put npm and a tsx wrapper in between).

export type Scrape = {
  reconciles: Record<string, number>;
  depth: number;
  heapUsed: number;
  external: number;
  /** _sum and _count of the queue-wait and reconcile-duration histograms, in seconds. */
  histograms: Record<string, number>;
};

export const emptyScrape = (): Scrape => ({
  reconciles: {},
  depth: 0,
  heapUsed: NaN,
  external: NaN,
  histograms: {},
});

/** Mean of a histogram between two scrapes, in ms (`name`: workqueue_wait or reconcile_duration). */
export function meanMs(from: Scrape, to: Scrape, name: string): number {
  const delta = (k: string): number => (to.histograms[k] ?? NaN) - (from.histograms[k] ?? 0);
  return (delta(`${name}_sum`) / delta(`${name}_count`)) * 1000;
}

export const reconcileTotal = (s: Scrape): number => sum(Object.values(s.reconciles));
export const reconcileFailures = (s: Scrape): number => reconcileTotal(s) - (s.reconciles.success ?? 0);

export function parseLine(scrape: Scrape, line: string): void {
  const reconcile = /^skillpod_operator_reconcile_total\{(.*)\} (\S+)$/.exec(line);
  if (reconcile) {
    const result = /result="([^"]*)"/.exec(reconcile[1] ?? "")?.[1] ?? "unknown";
    scrape.reconciles[result] = (scrape.reconciles[result] ?? 0) + Number(reconcile[2]);
  }
  const depth = /^skillpod_operator_workqueue_depth\{.*\} (\S+)$/.exec(line);
  if (depth) scrape.depth += Number(depth[1]);
  const memory = /^nodejs_(heap_size_used|external_memory)_bytes (\S+)$/.exec(line);
  if (memory) scrape[memory[1] === "heap_size_used" ? "heapUsed" : "external"] = Number(memory[2]);
  const histogram =
    /^skillpod_operator_(workqueue_wait|reconcile_duration)_seconds_(sum|count)\{.*\} (\S+)$/.exec(line);
  if (histogram) scrape.histograms[`${histogram[1]}_${histogram[2]}`] = Number(histogram[3]);
}

export function parseScrape(text: string): Scrape {
  const scrape = emptyScrape();
  for (const line of text.split("\n")) parseLine(scrape, line);
  return scrape;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Which operator code a process runs: the commit plus a hash of the sources as they are on disk when it starts
 * (the working tree is shared and edited while benchmarks run; a run whose operators differ says so).
 */
export function codeFingerprint(): string {
  const hash = createHash("sha256");
  const packages = readdirSync(join(repo, "packages")).map((p) => join(repo, "packages", p, "src"));
  for (const root of [join(repo, "operator", "src"), ...packages]) {
    const files = (() => {
      try {
        return readdirSync(root, { recursive: true, encoding: "utf8" });
      } catch {
        return [];
      }
    })();
    for (const file of files.filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts")).sort())
      hash.update(file).update(readFileSync(join(root, file)));
  }
  let commit = "unknown";
  try {
    commit = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: repo, encoding: "utf8" }).trim();
  } catch {
    // Not a git checkout.
  }
  return `${commit}/${hash.digest("hex").slice(0, 8)}`;
}

/**
 * How the operator process is started. The bundle is built once and copied to a file of this run's own, so a
 * rebuild by someone else mid-run cannot change the code under test; its fingerprint is taken at build time.
 */
export const entry: { args: string[]; code?: string; file?: string } = {
  args: ["--import", "tsx", "operator/src/main.ts"],
};

export async function prepareEntry(): Promise<void> {
  if (config.entry === "tsx") return;
  const code = codeFingerprint();
  await execFileAsync("npm", ["run", "-s", "build", "-w", "@skillpod/operator"], { cwd: repo });
  entry.file = join(repo, "operator", "dist", `bench-${stamp}.js`);
  copyFileSync(join(repo, "operator", "dist", "main.js"), entry.file);
  entry.args = [entry.file];
  entry.code = code;
  say(`operator: production bundle (npm run build -w @skillpod/operator) as ${entry.file}`);
}

export const operators = new Set<OperatorProcess>();
/** Every operator pid this run started, stopped ones included (they linger while shutting down). */
export const ownPids = new Set<number>();

export class OperatorProcess {
  readonly startedAt = performance.now();
  readonly code = entry.code ?? codeFingerprint();

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly logFile: string,
  ) {}

  static async start(namespace: string): Promise<OperatorProcess> {
    const port = await freePort();
    const logFile = join(tmpdir(), `skillpod-bench-operator-${namespace}-${Date.now()}.log`);
    const fd = openSync(logFile, "a");
    const child = spawn(process.execPath, entry.args, {
      cwd: repo,
      stdio: ["ignore", fd, fd],
      env: {
        ...env,
        OPERATOR_LEADER_ELECTION: "false",
        OPERATOR_WATCH_NAMESPACE: namespace,
        OPERATOR_METRICS_HOST: "127.0.0.1",
        OPERATOR_METRICS_PORT: String(port),
        OPERATOR_WORKERS: String(config.workers),
      },
    });
    closeSync(fd);
    const operator = new OperatorProcess(child, port, logFile);
    operators.add(operator);
    ownPids.add(operator.pid);
    return operator;
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  async scrape(): Promise<Scrape | undefined> {
    try {
      const response = await fetch(`http://127.0.0.1:${this.port}/metrics`, {
        signal: AbortSignal.timeout(5000),
      });
      return response.ok ? parseScrape(await response.text()) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Scrapes, failing loudly if the operator has died (so no loop waits out its timeout for nothing). */
  async mustScrape(): Promise<Scrape> {
    if (this.exited)
      throw new FatalError(`operator exited (code ${this.child.exitCode}); log: ${this.logFile}`);
    return (await this.scrape()) ?? { ...emptyScrape(), depth: Number.POSITIVE_INFINITY };
  }

  /** Seconds from spawn until /metrics answers. */
  async waitUp(timeoutMs = 60_000): Promise<number> {
    const up = await until(async () => !this.exited && (await this.scrape()) !== undefined, timeoutMs, 50);
    if (!up) throw new Error(`operator did not serve /metrics within ${timeoutMs} ms; log: ${this.logFile}`);
    return (performance.now() - this.startedAt) / 1000;
  }

  async stop(): Promise<void> {
    operators.delete(this);
    if (this.exited) return;
    const exit = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGTERM");
    if (await Promise.race([exit.then(() => true), sleep(15_000).then(() => false)])) return;
    this.child.kill("SIGKILL");
    await Promise.race([exit, sleep(5000)]);
  }
}

// Another operator that watches every namespace (`make dev` runs one on the shared stack) also reconciles the
// bench's SkillPods: its writes show up here as 409 conflicts and extra load. Noticed, reported, not stopped.

export const foreign = new Map<number, { first: number; last: number }>();

/** The script a node process runs: its first argument that is neither an option nor an option's value. */
function scriptOf(args: string[]): string | undefined {
  return args.slice(1).find((a, i, rest) => !a.startsWith("-") && rest[i - 1] !== "--import");
}

export function foreignScope(pid: number): string | undefined {
  const args = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
  // Only an operator process: a linter or editor given operator/src/main.ts as an argument is not one.
  if (!scriptOf(args)?.endsWith("operator/src/main.ts")) return "";
  const environ = readFileSync(`/proc/${pid}/environ`, "utf8");
  return /(?:^|\0)OPERATOR_WATCH_NAMESPACE=([^\0]*)/.exec(environ)?.[1];
}

export function scanForeignOperators(): void {
  const now = performance.now();
  for (const pid of readdirSync("/proc")
    .map(Number)
    .filter((p) => p > 0 && !ownPids.has(p))) {
    try {
      const scope = foreignScope(pid);
      if (scope !== undefined && !made.namespaces.has(scope)) continue;
      const seen = foreign.get(pid);
      if (!seen) say(`WARNING: another operator (pid ${pid}) watches ${scope ?? "every namespace"}`);
      foreign.set(pid, { first: seen?.first ?? now, last: now });
    } catch {
      // The process ended meanwhile.
    }
  }
}

/** Before an operator run: waits (BENCH_QUIET_WAIT_SECONDS, default 600) while an unscoped operator runs. */
export async function awaitQuiet(): Promise<void> {
  const running = (): number[] => {
    scanForeignOperators();
    return [...foreign].filter(([, f]) => performance.now() - f.last < 1000).map(([pid]) => pid);
  };
  if (running().length === 0) return;
  say(
    `waiting up to ${config.quietWaitMs / 1000} s for the other operator(s) ${running().join(", ")} to stop`,
  );
  if (!(await until(() => running().length === 0, config.quietWaitMs, 2000)))
    say("other operators still run; going on (see 'other operators seen')");
}

export const foreignDuring = (from: number, to: number): number =>
  [...foreign.values()].filter((f) => f.first <= to && f.last >= from).length;
