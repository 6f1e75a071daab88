// Contracts over HTTP against the real control plane and the real workers process, beside the same contracts
// driven at the workflow level (ContractsClient, no HTTP) in the same run, so the API's own overhead shows.
// BENCH_API_CONTRACTS (default 200) contracts per mode, BENCH_API_CONCURRENCY (default 10) in flight, modes
// interleaved in rounds so both see the same machine. Per contract: a deposit, a job, a proposal, an offer
// accepted (hire → active), one milestone funded, submitted and approved, until its PayoutWorkflow has paid
// through the payment sandbox (approve → paid). Exits non-zero on any error.
import { payoutWorkflowId, type ContractTerms } from "@skillpod/contract-messages";
import { buildApp, loadControlPlaneConfig } from "@skillpod/control-plane";
import { createPaymentSandbox } from "@skillpod/payment-sandbox";
import { WorkerSupervisor, bundleWorkflows, stackEnv, waitFor } from "@skillpod/testkit";
import { randomBytes, randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { pino } from "pino";
import { measureContractReads } from "./contract-reads.js";
import type { HttpCaller } from "./http-caller.js";
import { signUpOver } from "./http-caller.js";
import { percentile, round } from "./process-stats.js";

const env = process.env;
const settings = {
  contracts: Number(env.BENCH_API_CONTRACTS ?? 200),
  concurrency: Number(env.BENCH_API_CONCURRENCY ?? 10),
  warmup: Number(env.BENCH_API_WARMUP ?? 5),
};
const prefix = `apibench-${Date.now().toString(36)}`;
const say = (message: string): void => console.log(`[contracts-api-bench] ${message}`);

type Sample = { deposit: number; hire: number; approveToPaid: number; total: number };
type Parties = { client: HttpCaller; freelancer: HttpCaller };
type Context = Parties & { app: Awaited<ReturnType<typeof buildApp>> };

const amount = (amountMinor: number): { amountMinor: number; currency: string } => ({
  amountMinor,
  currency: "USD",
});

async function deposit(client: HttpCaller, amountMinor: number): Promise<number> {
  const started = performance.now();
  await client.post(
    "/v1/wallet/deposits",
    { amount: amount(amountMinor) },
    { "idempotency-key": randomUUID() },
  );
  return performance.now() - started;
}

async function waitPaid(ctx: Context, contractId: string, milestoneId: string): Promise<void> {
  const handle = ctx.app.temporal.workflow.getHandle(payoutWorkflowId(contractId, milestoneId));
  // The payout workflow starts within the approve update, so it exists by the time approve answered.
  const result = (await handle.result()) as { outcome: string };
  if (result.outcome !== "paid") throw new Error(`payout of ${contractId} ended ${result.outcome}`);
}

/** One contract over HTTP only: the way the portal will drive it. */
async function overHttp(ctx: Context, index: number): Promise<Sample> {
  const { client, freelancer } = ctx;
  const started = performance.now();
  const depositMs = await deposit(client, 10_000);
  const job = await client.post<{ id: string }>("/v1/jobs", {
    title: `Bench job ${index} ${randomBytes(3).toString("hex")}`,
    description: "A job the contracts API bench posted.",
    category: "devops",
    skills: [],
    billing: "FIXED",
    duration: "LESS_THAN_MONTH",
    budget: { minMinor: 1_000, maxMinor: 10_000, currency: "USD" },
    state: "OPEN",
  });
  const proposal = await freelancer.post<{ id: string }>(`/v1/jobs/${job.id}/proposals`, {
    coverLetter: "The bench would like this job",
    bid: amount(5_000),
    milestones: [{ title: "All of it", amount: amount(5_000) }],
  });
  const hireStarted = performance.now();
  const offer = await client.post<{ id: string }>(`/v1/proposals/${proposal.id}/offers`, {});
  const accepted = await freelancer.post<{ contractId: string }>(`/v1/offers/${offer.id}/accept`, {});
  const hire = performance.now() - hireStarted;
  const contractId = accepted.contractId;
  const milestoneId = `${contractId}-m1`;
  const moves = `/v1/contracts/${contractId}/milestones/${milestoneId}`;
  await client.post(`${moves}/fund`, {});
  await freelancer.post(`${moves}/submit`, { note: "Done", links: [] });
  const approveStarted = performance.now();
  await client.post(`${moves}/approve`, {});
  await waitPaid(ctx, contractId, milestoneId);
  const approveToPaid = performance.now() - approveStarted;
  return { deposit: depositMs, hire, approveToPaid, total: performance.now() - started };
}

/** The same contract through ContractsClient: what the workflows cost without the API in front. */
async function atWorkflowLevel(ctx: Context, index: number): Promise<Sample> {
  const { client, freelancer } = ctx;
  const started = performance.now();
  const depositMs = await deposit(client, 10_000);
  const contractId = `bench-${prefix}-${index}-${randomBytes(3).toString("hex")}`;
  const milestoneId = `${contractId}-m1`;
  const terms: ContractTerms = {
    contractId,
    clientId: client.userId,
    freelancerId: freelancer.userId,
    title: `Bench contract ${index}`,
    currency: "USD",
    platformFeeBps: 1000,
    billing: "FIXED",
    milestones: [{ id: milestoneId, title: "All of it", amountMinor: 5_000 }],
    // What an offer accepted over HTTP carries for a job with the default workspace terms, so both modes
    // run the same workflow (a provisioning child started on funding, released on approval).
    workspace: {
      namespace: `skp-${client.userId}`,
      className: "standard-desktop",
      viewers: [client.userId],
      recording: "Disabled",
      policy: { clipboard: "Both", fileTransfer: "Both", egress: { allow: [] } },
    },
  };
  const contracts = ctx.app.contracts;
  const clientActor = { userId: client.userId, role: "client" as const };
  const hireStarted = performance.now();
  await contracts.start(terms);
  await contracts.accept(contractId, { userId: freelancer.userId, role: "freelancer" });
  const hire = performance.now() - hireStarted;
  await contracts.fund(contractId, clientActor, milestoneId);
  await contracts.submit(contractId, { userId: freelancer.userId, role: "freelancer" }, milestoneId);
  const approveStarted = performance.now();
  await contracts.approve(contractId, clientActor, milestoneId);
  await waitPaid(ctx, contractId, milestoneId);
  const approveToPaid = performance.now() - approveStarted;
  return { deposit: depositMs, hire, approveToPaid, total: performance.now() - started };
}

type Mode = { name: string; run: (ctx: Context, index: number) => Promise<Sample> };
const modes: Mode[] = [
  { name: "workflow level (ContractsClient)", run: atWorkflowLevel },
  { name: "over HTTP (control plane API)", run: overHttp },
];

type Tally = { samples: Sample[]; busyMs: number; errors: string[] };

async function round_(ctx: Context, mode: Mode, from: number, tally: Tally): Promise<void> {
  const started = performance.now();
  const batch = Array.from({ length: settings.concurrency }, (_, i) => from + i);
  const outcomes = await Promise.allSettled(batch.map((index) => mode.run(ctx, index)));
  tally.busyMs += performance.now() - started;
  for (const outcome of outcomes) {
    if (outcome.status === "fulfilled") tally.samples.push(outcome.value);
    else tally.errors.push(String(outcome.reason));
  }
}

const ms = (values: number[], p: number): string => round(percentile(values, p), 1);

function rowOf(mode: Mode, tally: Tally): Record<string, string | number> {
  const of = (key: keyof Sample): number[] => tally.samples.map((s) => s[key]);
  return {
    mode: mode.name,
    contracts: tally.samples.length,
    "contracts/s": round(tally.samples.length / (tally.busyMs / 1000), 2),
    "hire→active p50 (ms)": ms(of("hire"), 50),
    "hire→active p99 (ms)": ms(of("hire"), 99),
    "approve→paid p50 (ms)": ms(of("approveToPaid"), 50),
    "approve→paid p99 (ms)": ms(of("approveToPaid"), 99),
    "deposit p50 (ms)": ms(of("deposit"), 50),
    "deposit p99 (ms)": ms(of("deposit"), 99),
    errors: tally.errors.length,
  };
}

async function main(): Promise<void> {
  const sandbox = await createPaymentSandbox({
    databaseUrl: stackEnv("TEST_DATABASE_URL"),
    log: pino({ level: "warn" }),
  });
  const sandboxUrl = await sandbox.app.listen({ host: "127.0.0.1", port: 0 });
  const bundle = join(tmpdir(), `skillpod-${prefix}-workflows.js`);
  await bundleWorkflows(bundle);
  const workers = new WorkerSupervisor({
    TEMPORAL_ADDRESS: stackEnv("TEMPORAL_ADDRESS"),
    DATABASE_URL: stackEnv("TEST_APP_DATABASE_URL"),
    REDIS_URL: stackEnv("REDIS_URL"),
    WORKERS_TASK_QUEUE_PREFIX: prefix,
    WORKERS_TASK_QUEUES: "contracts,payments",
    WORKERS_CONSUMERS: "",
    WORKERS_BULLMQ_PREFIX: `bull-${prefix}`,
    USAGE_SCHEDULE: "false",
    WORKERS_WORKFLOW_BUNDLE: bundle,
    WORKERS_HTTP_PORT: "0",
    WORKERS_HTTP_HOST: "127.0.0.1",
    PAYMENT_SANDBOX_URL: sandboxUrl,
    LOG_LEVEL: "info",
  });
  workers.start();
  const roomy = "100000000";
  const app = await buildApp(
    loadControlPlaneConfig({
      APP_DATABASE_URL: stackEnv("TEST_APP_DATABASE_URL"),
      REDIS_URL: stackEnv("REDIS_URL"),
      TEMPORAL_ADDRESS: stackEnv("TEMPORAL_ADDRESS"),
      TEMPORAL_TASK_QUEUE_PREFIX: prefix,
      BULLMQ_PREFIX: `bull-${prefix}`,
      MFA_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      INTERNAL_API_TOKEN: randomBytes(32).toString("hex"),
      LOG_LEVEL: "silent",
      RATE_LIMIT_NAMESPACE: `skillpod:rate-limit:${prefix}:`,
      RATE_LIMIT_PUBLIC_PER_MINUTE: roomy,
      RATE_LIMIT_DEFAULT_PER_MINUTE: roomy,
      RATE_LIMIT_AUTHENTICATED_PER_MINUTE: roomy,
      RATE_LIMIT_LOGIN_PER_MINUTE: roomy,
      RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE: roomy,
    }),
  );
  const base = await app.listen({ host: "127.0.0.1", port: 0 });
  try {
    await waitFor("the workers process", () => Promise.resolve(workers.ready), { timeoutMs: 120_000 });
    const parties: Parties = {
      client: await signUpOver(base, "CLIENT"),
      freelancer: await signUpOver(base, "FREELANCER"),
    };
    const ctx: Context = { ...parties, app };
    say(`warming up with ${settings.warmup} contracts per mode`);
    for (const mode of modes) for (let i = 0; i < settings.warmup; i += 1) await mode.run(ctx, -1 - i);
    const tallies = modes.map((): Tally => ({ samples: [], busyMs: 0, errors: [] }));
    for (let from = 0; from < settings.contracts; from += settings.concurrency) {
      for (const [i, mode] of modes.entries()) await round_(ctx, mode, from, tallies[i] as Tally);
      say(
        `${Math.min(from + settings.concurrency, settings.contracts)}/${settings.contracts} contracts per mode`,
      );
    }
    const rows = modes.map((mode, i) => rowOf(mode, tallies[i] as Tally));
    say("timing the contract reads one at a time");
    writeResult(rows, tallies, await measureContractReads(parties.client));
    const errors = tallies.flatMap((t) => t.errors);
    if (errors.length > 0) throw new Error(`${errors.length} contracts failed; first: ${errors[0]}`);
  } finally {
    await app.close();
    await workers.stop();
    await sandbox.close();
  }
}

function writeResult(
  rows: Record<string, string | number>[],
  tallies: Tally[],
  reads: Record<string, string | number>[],
): void {
  const p99 = (t: Tally | undefined): number => percentile(t?.samples.map((s) => s.approveToPaid) ?? [], 99);
  const overhead = p99(tallies[1]) / p99(tallies[0]) - 1;
  const result = {
    name: "Contracts over HTTP: hire, approve → paid and deposits, beside the workflows alone",
    date: new Date().toISOString(),
    description:
      `${settings.contracts} contracts per mode, ${settings.concurrency} in flight, modes interleaved in rounds ` +
      `(after ${settings.warmup} warm-up contracts each), one control plane in this process and the real ` +
      `workers process (contracts + payments queues) with the payment sandbox. Each contract: a deposit through ` +
      `the wallet API (both modes), then hire → active (HTTP: the offer is made and accepted; workflow level: ` +
      `start + accept; both with the default workspace terms, so both start a provisioning child (its queue is not served here)), one milestone funded and submitted, then approve → paid (until its PayoutWorkflow ` +
      `returned paid). The API adds ${round(overhead * 100, 1)} % to approve → paid p99 (target ≤ 10 %).`,
    rows,
    tables: [
      {
        title: "Contract reads, each request alone over HTTP as the client (cycling through its contracts):",
        rows: reads,
      },
    ],
  };
  writeFileSync(
    join(import.meta.dirname, "results", "contracts-api.json"),
    `${JSON.stringify(result, null, 2)}\n`,
  );
  say(
    `wrote bench/results/contracts-api.json: API overhead on approve → paid p99 ${round(overhead * 100, 1)} %`,
  );
  for (const row of rows) say(JSON.stringify(row));
}

await main();
