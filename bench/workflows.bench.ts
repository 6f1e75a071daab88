// Contracts end to end through the real workers process on the Temporal dev server: N contracts
// (BENCH_CONTRACTS, default 200), BENCH_CONCURRENCY (default 20) in flight, each deposited, started, accepted,
// and every milestone funded, submitted and approved, until ContractWorkflow completes with every PayoutWorkflow
// paid through the payment sandbox. Measures workflows per second, approve → payout completed, the contract's
// end-to-end time and the workers process's RSS, then audits the ledger. The workers run as a separate
// process (node --import tsx workers/src/main.ts) so that the RSS is theirs alone; the payment sandbox runs in
// this process. Exits non-zero on any error or ledger violation.
import { payoutWorkflowId, type ContractTerms, type PayoutResult } from "@skillpod/contract-messages";
import { ContractsClient } from "@skillpod/contracts-client";
import { createPaymentSandbox, type PaymentSandbox } from "@skillpod/payment-sandbox";
import { stackEnv } from "@skillpod/testkit";
import { Client, Connection } from "@temporalio/client";
import { Queue } from "bullmq";
import { Redis } from "ioredis";
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { promisify } from "node:util";
import pg from "pg";
import { pino } from "pino";
import { auditLedger, deposit, post } from "../workers/src/ledger/index.js";
import { NOTIFICATIONS_QUEUE } from "../workers/src/notifications/job.js";
import { clientOf, freelancerOf, newTerms } from "../workers/test/contract-fixtures.js";
import { clockTicks, cpuTicksOf, memoryMiB, percentile, round } from "./process-stats.js";

const env = process.env;
const config = {
  contracts: Number(env.BENCH_CONTRACTS ?? 200),
  concurrency: Number(env.BENCH_CONCURRENCY ?? 20),
  milestones: Math.max(1, Number(env.BENCH_MILESTONES ?? 2)),
  /** Contracts run (and audited) before the measured ones, so JIT and the workflow cache are warm. */
  warmup: Number(env.BENCH_WARMUP_CONTRACTS ?? 5),
  restMs: Number(env.BENCH_REST_SECONDS ?? 10) * 1000,
  timeoutMs: Number(env.BENCH_TIMEOUT_SECONDS ?? 1200) * 1000,
  namespace: env.TEMPORAL_NAMESPACE ?? "default",
};

const repo = join(import.meta.dirname, "..");
const stamp = Date.now().toString(36);
// Lowercase letters, digits and dashes (WORKERS_TASK_QUEUE_PREFIX); also the prefix of every id this run
// creates, so its notification jobs can be told apart from everyone else's in the shared Redis.
const prefix = `wfbench-${stamp}`;
const queues = {
  contracts: `${prefix}-contracts`,
  payments: `${prefix}-payments`,
  provisioning: `${prefix}-provisioning`,
};
const execFileAsync = promisify(execFile);

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const say = (message: string): void => console.log(`[workflows-bench] ${message}`);

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// ---------------------------------------------------------------------------------------------------------
// /proc: the workers process's memory and CPU, and the Temporal dev server's CPU.

function cpuSeconds(pid: number | undefined): number {
  return ((pid === undefined ? undefined : cpuTicksOf(pid)) ?? NaN) / clockTicks;
}

function temporalPid(): number | undefined {
  try {
    return Number(readFileSync(join(repo, ".stack", "run", "temporal.pid"), "utf8").trim()) || undefined;
  } catch {
    return undefined;
  }
}

const benchCpuSeconds = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
};

type CpuSample = { worker: number; temporal: number; bench: number };

// ---------------------------------------------------------------------------------------------------------
// The workers process.

class WorkersProcess {
  peakSampledMiB = 0;
  #sampler: NodeJS.Timeout | undefined;

  private constructor(
    private readonly child: ChildProcess,
    readonly port: number,
    readonly logFile: string,
  ) {}

  static async start(bundleFile: string, sandboxUrl: string): Promise<WorkersProcess> {
    const port = await freePort();
    const logFile = join(tmpdir(), `skillpod-bench-workers-${stamp}.log`);
    const fd = openSync(logFile, "a");
    // `node --import tsx`, not the tsx CLI: the CLI would be a parent process of its own, and /proc would
    // then show the CLI's memory, not the workers'.
    const child = spawn(process.execPath, ["--import", "tsx", "workers/src/main.ts"], {
      cwd: repo,
      stdio: ["ignore", fd, fd],
      // Only what the workers need: DATABASE_URL in the stack's environment is the app database.
      env: {
        PATH: env.PATH ?? "",
        HOME: env.HOME ?? "",
        ...(env.KUBECONFIG === undefined ? {} : { KUBECONFIG: env.KUBECONFIG }),
        TEMPORAL_ADDRESS: stackEnv("TEMPORAL_ADDRESS"),
        TEMPORAL_NAMESPACE: config.namespace,
        DATABASE_URL: stackEnv("TEST_DATABASE_URL"),
        REDIS_URL: stackEnv("REDIS_URL"),
        WORKERS_TASK_QUEUE_PREFIX: prefix,
        WORKERS_TASK_QUEUES: "contracts,payments",
        WORKERS_CONSUMERS: "",
        WORKERS_BULLMQ_PREFIX: `bull-${prefix}`,
        USAGE_SCHEDULE: "false",
        WORKERS_WORKFLOW_BUNDLE: bundleFile,
        WORKERS_HTTP_PORT: String(port),
        WORKERS_HTTP_HOST: "127.0.0.1",
        PAYMENT_SANDBOX_URL: sandboxUrl,
        LOG_LEVEL: "warn",
      },
    });
    closeSync(fd);
    return new WorkersProcess(child, port, logFile);
  }

  get pid(): number {
    return this.child.pid ?? 0;
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  async waitReady(timeoutMs = 120_000): Promise<number> {
    const started = performance.now();
    while (performance.now() - started < timeoutMs) {
      if (this.exited) throw new Error(`workers exited (code ${this.child.exitCode}); log: ${this.logFile}`);
      const ready = await fetch(`http://127.0.0.1:${this.port}/readyz`, { signal: AbortSignal.timeout(2000) })
        .then((r) => r.ok)
        .catch(() => false);
      if (ready) return (performance.now() - started) / 1000;
      await sleep(100);
    }
    throw new Error(`workers not ready within ${timeoutMs} ms; log: ${this.logFile}`);
  }

  /** Samples VmRSS every 250 ms: VmHWM alone would also count the start-up, this is the run's own peak. */
  startSampling(): void {
    this.peakSampledMiB = 0;
    this.#sampler = setInterval(() => {
      const { rss } = this.memory();
      if (rss > this.peakSampledMiB) this.peakSampledMiB = rss;
    }, 250);
  }

  stopSampling(): void {
    clearInterval(this.#sampler);
  }

  memory(): { rss: number; peak: number } {
    return memoryMiB(this.pid);
  }

  /** Failed activity attempts (retried or not) by the workers' own counter. */
  async failedActivityAttempts(): Promise<number> {
    const text = await fetch(`http://127.0.0.1:${this.port}/metrics`).then((r) => r.text());
    let failed = 0;
    for (const line of text.split("\n")) {
      if (line.startsWith("skillpod_worker_activities_total{") && line.includes('outcome="failed"'))
        failed += Number(line.slice(line.lastIndexOf(" ") + 1));
    }
    return failed;
  }

  assertAlive(): void {
    if (this.exited) throw new Error(`workers exited (code ${this.child.exitCode}); log: ${this.logFile}`);
  }

  async stop(): Promise<void> {
    this.stopSampling();
    if (this.exited) return;
    const exit = new Promise((resolve) => this.child.once("exit", resolve));
    this.child.kill("SIGTERM");
    if (await Promise.race([exit.then(() => true), sleep(15_000).then(() => false)])) return;
    this.child.kill("SIGKILL");
    await Promise.race([exit, sleep(5000)]);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Driving contracts.

type Ctx = { pool: pg.Pool; client: Client; contracts: ContractsClient };
type Samples = {
  approveToPaidMs: number[];
  contractMs: number[];
  updateMs: number[];
  contractsCompleted: number;
  payoutsPaid: number;
  errors: string[];
};

const emptySamples = (): Samples => ({
  approveToPaidMs: [],
  contractMs: [],
  updateMs: [],
  contractsCompleted: 0,
  payoutsPaid: 0,
  errors: [],
});

/** Every contract id this run started, for terminating what is left if the run fails. */
const started: string[] = [];
/** Set when cleaning up after a failure: lanes still running (a timed-out run) start no further contracts. */
let aborted = false;

function benchTerms(index: number): ContractTerms {
  const id = `${prefix}-${index}`;
  return newTerms({
    contractId: `c-${id}`,
    clientId: `${id}-client`,
    freelancerId: `${id}-free`,
    title: `Benchmark contract ${index}`,
    milestones: Array.from({ length: config.milestones }, (_, k) => ({
      id: `m${k + 1}-${id}`,
      title: `Milestone ${k + 1}`,
      amountMinor: 10_000 + 5 * k,
    })),
  });
}

async function timed<T>(samples: Samples, work: Promise<T>): Promise<T> {
  const start = performance.now();
  const result = await work;
  samples.updateMs.push(performance.now() - start);
  return result;
}

/** Waits for one payout workflow's result; never rejects (a failure is recorded), as nothing awaits it early. */
async function observePayout(
  ctx: Ctx,
  samples: Samples,
  contractId: string,
  milestoneId: string,
): Promise<void> {
  const approvedAt = performance.now();
  try {
    const handle = ctx.client.workflow.getHandle(payoutWorkflowId(contractId, milestoneId));
    const result = (await handle.result()) as PayoutResult;
    if (result.outcome !== "paid") throw new Error(`payout ${result.outcome}: ${result.failureCode ?? ""}`);
    samples.approveToPaidMs.push(performance.now() - approvedAt);
    samples.payoutsPaid += 1;
  } catch (error) {
    samples.errors.push(`${contractId}/${milestoneId} payout: ${String(error)}`);
  }
}

async function runContract(ctx: Ctx, samples: Samples, index: number): Promise<void> {
  const terms = benchTerms(index);
  const { contractId } = terms;
  const start = performance.now();
  const total = terms.milestones.reduce((sum, m) => sum + m.amountMinor, 0);
  await post(
    ctx.pool,
    deposit({
      idempotencyKey: `deposit-${contractId}`,
      currency: terms.currency,
      clientId: terms.clientId,
      amountMinor: total,
    }),
  );
  started.push(contractId);
  await ctx.contracts.start(terms);
  await timed(samples, ctx.contracts.accept(contractId, freelancerOf(terms)));
  const payouts: Promise<void>[] = [];
  try {
    for (const m of terms.milestones) {
      await timed(samples, ctx.contracts.fund(contractId, clientOf(terms), m.id));
      await timed(samples, ctx.contracts.submit(contractId, freelancerOf(terms), m.id, "done"));
      await timed(samples, ctx.contracts.approve(contractId, clientOf(terms), m.id));
      payouts.push(observePayout(ctx, samples, contractId, m.id));
    }
    const final = await ctx.contracts.result(contractId);
    const unpaid = final.milestones.filter((m) => m.payout.state !== "paid").map((m) => m.id);
    if (final.phase !== "completed" || unpaid.length > 0)
      throw new Error(`ended ${final.phase}, unpaid: ${unpaid.join(", ") || "none"}`);
    samples.contractMs.push(performance.now() - start);
    samples.contractsCompleted += 1;
  } finally {
    await Promise.all(payouts);
  }
}

/** Runs contracts [from, to) with at most `concurrency` in flight; any failure is recorded, not thrown. */
async function runContracts(
  ctx: Ctx,
  range: { from: number; to: number },
  concurrency: number,
): Promise<Samples> {
  const samples = emptySamples();
  let next = range.from;
  const lane = async (): Promise<void> => {
    while (!aborted && next < range.to) {
      const index = next++;
      await runContract(ctx, samples, index).catch((error: unknown) => {
        samples.errors.push(`${prefix}-${index}: ${String(error)}`);
      });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, range.to - range.from) }, lane));
  return samples;
}

async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Clean-up of what the run leaves on the shared stack.

/**
 * The workers process enqueues party notices on this run's own BullMQ prefix, with no consumer: removes the
 * whole queue afterwards. Returns how many jobs it held.
 */
async function removeNotificationJobs(): Promise<number> {
  const redis = new Redis(stackEnv("REDIS_URL"), { maxRetriesPerRequest: null });
  const queue = new Queue(NOTIFICATIONS_QUEUE, { connection: redis, prefix: `bull-${prefix}` });
  try {
    const counts = await queue.getJobCounts();
    await queue.obliterate({ force: true });
    return Object.values(counts).reduce((a, b) => a + b, 0);
  } finally {
    await queue.close();
    redis.disconnect();
  }
}

/** After a failed run: terminates this run's contract and payout workflows still running (and only those). */
async function terminateLeftovers(client: Client): Promise<number> {
  let terminated = 0;
  const ids = started.flatMap((contractId) => [
    `contract-${contractId}`,
    ...benchTerms(Number(contractId.slice(`c-${prefix}-`.length))).milestones.map((m) =>
      payoutWorkflowId(contractId, m.id),
    ),
  ]);
  for (const id of ids) {
    const handle = client.workflow.getHandle(id);
    const running = await handle
      .describe()
      .then((d) => d.status.name === "RUNNING")
      .catch(() => false);
    if (!running) continue;
    await handle.terminate("workflows benchmark aborted").catch(() => undefined);
    terminated += 1;
  }
  return terminated;
}

// ---------------------------------------------------------------------------------------------------------

type Run = {
  samples: Samples;
  warmupErrors: string[];
  seconds: number;
  cpu: CpuSample;
  rss: { idle: number; peakSampled: number; hwm: number; rest: number };
  failedAttempts: number;
  violations: number;
  readySeconds: number;
};

const resources: {
  bundleFile?: string;
  sandbox?: PaymentSandbox;
  workers?: WorkersProcess;
  connection?: Connection;
  pool?: pg.Pool;
} = {};

async function buildBundle(): Promise<string> {
  const file = join(tmpdir(), `skillpod-bench-workflows-${stamp}.js`);
  resources.bundleFile = file;
  await execFileAsync("npx", ["tsx", "workers/scripts/bundle-workflows.ts", file], { cwd: repo });
  return file;
}

async function startEverything(): Promise<Ctx> {
  const bundleStart = performance.now();
  const bundleFile = await buildBundle();
  say(`workflow bundle built in ${round((performance.now() - bundleStart) / 1000, 1)} s`);
  const log = pino({ level: "warn" }).child({ part: "sandbox" });
  resources.sandbox = await createPaymentSandbox({ databaseUrl: stackEnv("TEST_DATABASE_URL"), log });
  const sandboxUrl = await resources.sandbox.app.listen({ host: "127.0.0.1", port: 0 });
  resources.workers = await WorkersProcess.start(bundleFile, sandboxUrl);
  resources.pool = new pg.Pool({ connectionString: stackEnv("TEST_DATABASE_URL"), max: 10 });
  resources.connection = await Connection.connect({ address: stackEnv("TEMPORAL_ADDRESS") });
  const client = new Client({ connection: resources.connection, namespace: config.namespace });
  return { pool: resources.pool, client, contracts: new ContractsClient({ client, taskQueues: queues }) };
}

function cpuNow(workers: WorkersProcess): CpuSample {
  return { worker: cpuSeconds(workers.pid), temporal: cpuSeconds(temporalPid()), bench: benchCpuSeconds() };
}

async function measure(ctx: Ctx, workers: WorkersProcess): Promise<Omit<Run, "violations" | "readySeconds">> {
  const warm = await runContracts(ctx, { from: 0, to: config.warmup }, config.concurrency);
  say(`warm-up: ${config.warmup} contracts, ${warm.errors.length} errors`);
  await sleep(2000);
  const idle = workers.memory().rss;
  const cpuBefore = cpuNow(workers);
  workers.startSampling();
  const start = performance.now();
  const samples = await withTimeout(
    runContracts(ctx, { from: config.warmup, to: config.warmup + config.contracts }, config.concurrency),
    config.timeoutMs,
    `${config.contracts} contracts`,
  );
  const seconds = (performance.now() - start) / 1000;
  workers.stopSampling();
  workers.assertAlive();
  const cpuAfter = cpuNow(workers);
  const hwm = workers.memory().peak;
  await sleep(config.restMs);
  return {
    samples,
    warmupErrors: warm.errors,
    seconds,
    cpu: {
      worker: cpuAfter.worker - cpuBefore.worker,
      temporal: cpuAfter.temporal - cpuBefore.temporal,
      bench: cpuAfter.bench - cpuBefore.bench,
    },
    rss: { idle, peakSampled: Math.max(workers.peakSampledMiB, idle), hwm, rest: workers.memory().rss },
    failedAttempts: await workers.failedActivityAttempts(),
  };
}

function row(run: Run): Record<string, string | number> {
  const s = run.samples;
  const workflows = s.contractsCompleted + s.payoutsPaid;
  const errors = s.errors.length + run.warmupErrors.length;
  return {
    contracts: config.contracts,
    "milestones each": config.milestones,
    "in flight": config.concurrency,
    "workflows completed": `${workflows}/${config.contracts * (1 + config.milestones)}`,
    "duration (s)": round(run.seconds, 1),
    "workflows/s": round(workflows / run.seconds, 1),
    "contracts/s": round(s.contractsCompleted / run.seconds, 2),
    "p50 approve→paid (ms)": round(percentile(s.approveToPaidMs, 50)),
    "p95 approve→paid (ms)": round(percentile(s.approveToPaidMs, 95)),
    "p99 approve→paid (ms)": round(percentile(s.approveToPaidMs, 99)),
    "p50 contract (ms)": round(percentile(s.contractMs, 50)),
    "p99 contract (ms)": round(percentile(s.contractMs, 99)),
    "p50 update (ms)": round(percentile(s.updateMs, 50)),
    "p99 update (ms)": round(percentile(s.updateMs, 99)),
    "worker RSS idle (MiB)": round(run.rss.idle),
    "worker RSS peak (MiB)": round(run.rss.peakSampled),
    "worker RSS at rest (MiB)": round(run.rss.rest),
    "CPU-s worker/temporal/bench": [run.cpu.worker, run.cpu.temporal, run.cpu.bench]
      .map((v) => round(v, 1))
      .join("/"),
    "failed activity attempts": run.failedAttempts,
    errors,
    "ledger violations": run.violations,
  };
}

const description =
  `N contracts through one workers process (node --import tsx workers/src/main.ts with a prebuilt workflow ` +
  `bundle; task queues contracts and payments, prefixed per run; WORKERS_MAX_CONCURRENT_ACTIVITIES default) on ` +
  `the Temporal dev server, with the payment sandbox in the bench process and the ledger in PostgreSQL. Each ` +
  `contract: a wallet deposit, start, accept, then per milestone fund, submit, approve (Temporal updates), ` +
  `driven with at most “in flight” contracts at a time, after ${config.warmup} warm-up contracts. Workflows ` +
  `completed: ContractWorkflows completed plus PayoutWorkflows paid, over the duration (first deposit → last ` +
  `contract result). approve→paid: the approve update's return → the PayoutWorkflow's result (long poll). ` +
  `Contract: deposit → the ContractWorkflow's result (completed, every payout paid). Update: client round trip ` +
  `of every accept/fund/submit/approve. Worker RSS: VmRSS of the workers process after the warm-up (idle), ` +
  `its highest 250 ms sample during the run (peak), and ${config.restMs / 1000} s after the run (at rest). CPU-s: ` +
  `CPU seconds of the workers, the Temporal dev server and the bench process (sandbox and client) over the run. ` +
  `Failed activity attempts: the workers' skillpod_worker_activities_total{outcome="failed"} (retried ` +
  `attempts). Errors: rejected updates and failed or unpaid workflows; ledger violations: auditLedger over the ` +
  `whole test database after the run. The run fails on any error or violation.`;

async function cleanUp(failed: boolean): Promise<void> {
  aborted = true;
  await resources.workers?.stop();
  if (failed && resources.connection) {
    const client = new Client({ connection: resources.connection, namespace: config.namespace });
    const terminated = await terminateLeftovers(client).catch(() => 0);
    if (terminated > 0) say(`terminated ${terminated} of this run's workflows left running`);
  }
  const removed = await removeNotificationJobs().catch((error: unknown) => {
    say(`could not remove this run's notification jobs: ${String(error)}`);
    return 0;
  });
  say(`removed ${removed} notification jobs this run enqueued`);
  await resources.connection?.close();
  await resources.sandbox?.close();
  await resources.pool?.end();
  removeFiles(failed);
}

function removeFiles(failed: boolean): void {
  if (resources.bundleFile) rmSync(resources.bundleFile, { force: true });
  // The workers' log (warnings and worse) is kept when the run failed, for the post-mortem.
  if (!failed && resources.workers) rmSync(resources.workers.logFile, { force: true });
}

async function main(): Promise<void> {
  say(
    `N=${config.contracts}, ${config.milestones} milestones each, ${config.concurrency} in flight, ` +
      `warm-up ${config.warmup}, prefix ${prefix}`,
  );
  const ctx = await startEverything();
  const workers = resources.workers as WorkersProcess;
  const readySeconds = await workers.waitReady();
  say(`workers ready in ${round(readySeconds, 1)} s (pid ${workers.pid}, log ${workers.logFile})`);
  const measured = await measure(ctx, workers);
  const violations = await auditLedger(ctx.pool);
  const run: Run = { ...measured, violations: violations.length, readySeconds };
  const result = {
    name: "Workflows: contracts end to end (ContractWorkflow → PayoutWorkflow)",
    date: new Date().toISOString(),
    description,
    rows: [row(run)],
  };
  writeFileSync(
    join(import.meta.dirname, "results", "workflows.json"),
    `${JSON.stringify(result, null, 2)}\n`,
  );
  console.table(result.rows);
  const errors = [...run.warmupErrors, ...run.samples.errors];
  for (const error of errors.slice(0, 10)) say(`error: ${error}`);
  for (const violation of violations.slice(0, 10)) say(`ledger violation: ${JSON.stringify(violation)}`);
  if (errors.length > 0 || violations.length > 0)
    throw new Error(`${errors.length} errors, ${violations.length} ledger violations`);
}

let cleaning: Promise<void> | undefined;
const cleanOnce = (failed: boolean): Promise<void> => (cleaning ??= cleanUp(failed));
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    say(`${signal}: cleaning up`);
    void cleanOnce(true).finally(() => process.exit(130));
  });
}

let failed = false;
try {
  await main();
} catch (error) {
  failed = true;
  console.error(error);
  process.exitCode = 1;
} finally {
  await cleanOnce(failed);
  say("cleaned up");
}
