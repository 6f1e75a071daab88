// Exactly once, proven by killing the worker: 50 milestones are approved while the real workers process is
// SIGKILLed from outside at random moments and kills itself at failpoints — after the escrow release is
// committed but before the provider is called, after the provider paid but before the ledger settled, and
// after settling. A supervisor restarts it each time. Afterwards the payment provider holds exactly one
// payout per milestone, every payout row is PAID and the ledger is balanced with nothing left in escrow.
import { createPaymentSandbox, type PaymentSandbox } from "@skillpod/payment-sandbox";
import { payoutWorkflowId, type ContractTerms } from "@skillpod/contract-messages";
import { ContractsClient } from "@skillpod/contracts-client";
import { WorkerSupervisor, bundleWorkflows, stackEnv } from "@skillpod/testkit";
import { Client, Connection } from "@temporalio/client";
import { randomUUID } from "node:crypto";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  auditLedger,
  balanceOf,
  deposit,
  escrowOf,
  payableOf,
  platformFee,
  post,
} from "../src/ledger/index.js";
import { clientOf, freelancerOf, newTerms } from "./contract-fixtures.js";

const payouts = Number(process.env.DURABILITY_PAYOUTS ?? 50);
const prefix = `dur${randomUUID().slice(0, 8)}`;
const queues = {
  contracts: `${prefix}-contracts`,
  payments: `${prefix}-payments`,
  provisioning: `${prefix}-provisioning`,
};

let pool: pg.Pool;
let sandbox: PaymentSandbox;
let sandboxUrl: string;
let connection: Connection;
let contracts: ContractsClient;
let client: Client;
let bundleDir: string;
let supervisor: WorkerSupervisor;

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: stackEnv("TEST_DATABASE_URL"), max: 10 });
  sandbox = await createPaymentSandbox({
    databaseUrl: stackEnv("TEST_DATABASE_URL"),
    log: pino({ level: "warn" }),
  });
  sandboxUrl = await sandbox.app.listen({ host: "127.0.0.1", port: 0 });
  bundleDir = await mkdtemp(join(tmpdir(), "skillpod-bundle-"));
  await bundleWorkflows(join(bundleDir, "workflows.js"));
  connection = await Connection.connect({ address: stackEnv("TEMPORAL_ADDRESS") });
  client = new Client({ connection });
  contracts = new ContractsClient({ client, taskQueues: queues });
  supervisor = new WorkerSupervisor(
    {
      TEMPORAL_ADDRESS: stackEnv("TEMPORAL_ADDRESS"),
      DATABASE_URL: stackEnv("TEST_DATABASE_URL"),
      REDIS_URL: stackEnv("REDIS_URL"),
      WORKERS_TASK_QUEUE_PREFIX: prefix,
      WORKERS_TASK_QUEUES: "contracts,payments",
      WORKERS_CONSUMERS: "",
      WORKERS_BULLMQ_PREFIX: `bull-${prefix}`,
      USAGE_SCHEDULE: "false",
      WORKERS_WORKFLOW_BUNDLE: join(bundleDir, "workflows.js"),
      WORKERS_HTTP_PORT: "0",
      WORKERS_HTTP_HOST: "127.0.0.1",
      PAYMENT_SANDBOX_URL: sandboxUrl,
      PAYMENT_TIMEOUT_MS: "5000",
      WORKERS_FAILPOINTS: "after-escrow-release:0.12,after-provider-call:0.06,after-payout-settled:0.03",
      LOG_LEVEL: "info",
    },
    process.env.DURABILITY_VERBOSE === "1",
  );
  supervisor.start();
}, 180_000);

afterAll(async () => {
  await supervisor?.stop();
  await connection?.close();
  await sandbox?.close();
  await pool?.end();
  if (bundleDir !== undefined) await rm(bundleDir, { recursive: true, force: true });
});

async function submittedContract(index: number): Promise<ContractTerms> {
  const terms = newTerms({
    milestones: [{ id: `m-${randomUUID().slice(0, 8)}`, title: `Task ${index}`, amountMinor: 1_000 + index }],
  });
  const milestoneId = terms.milestones[0]?.id ?? "";
  await post(
    pool,
    deposit({
      idempotencyKey: `deposit-${terms.contractId}`,
      currency: "EUR",
      clientId: terms.clientId,
      amountMinor: 5_000,
    }),
  );
  await contracts.start(terms);
  await contracts.accept(terms.contractId, freelancerOf(terms));
  await contracts.fund(terms.contractId, clientOf(terms), milestoneId);
  await contracts.submit(terms.contractId, freelancerOf(terms), milestoneId);
  return terms;
}

/** Kills a worker that has been up for 1-4 s (a younger one would never get work done), up to `kills` times. */
async function chaos(until: () => boolean, kills: number): Promise<void> {
  for (let done = 0; done < kills && !until();) {
    while (!supervisor.ready && !until()) await sleep(100);
    await sleep(1_000 + Math.random() * 3_000);
    if (!until() && supervisor.kill()) done += 1;
  }
}

describe("payout durability under SIGKILL", () => {
  it(`pays ${payouts} milestones exactly once while the worker is killed at random moments`, async () => {
    const all: ContractTerms[] = [];
    await inBatches(
      Array.from({ length: payouts }, (_, i) => i),
      10,
      async (i) => {
        all.push(await submittedContract(i));
      },
    );

    let settled = false;
    const chaosRun = chaos(() => settled, 6);
    await inBatches(all, 10, async (terms) => {
      await contracts.approve(terms.contractId, clientOf(terms), terms.milestones[0]?.id ?? "");
    });
    const results = await Promise.all(
      all.map((terms) =>
        client.workflow.getHandle(payoutWorkflowId(terms.contractId, terms.milestones[0]?.id ?? "")).result(),
      ),
    );
    settled = true;
    await chaosRun;

    const stats = supervisor.stats;
    console.log(`durability: ${JSON.stringify(stats)}`);
    expect(results.map((r: { outcome: string }) => r.outcome)).toEqual(all.map(() => "paid"));
    // The run really was violent: killed from outside and at the failpoints, including the gap between the
    // committed escrow release and the provider call.
    expect(
      stats.externalKills + Object.values(stats.failpoints).reduce((a, b) => a + b, 0),
    ).toBeGreaterThanOrEqual(5);
    expect(stats.failpoints["after-escrow-release"] ?? 0).toBeGreaterThanOrEqual(1);

    const destinations = all.map((t) => t.freelancerId);
    const provider = await pool.query<{ milestone: string; n: string; amount: string }>(
      `SELECT metadata->>'milestoneId' AS milestone, count(*) AS n, sum(amount_minor) AS amount
       FROM payment_sandbox.payouts WHERE destination = ANY($1) GROUP BY 1`,
      [destinations],
    );
    expect(provider.rows).toHaveLength(payouts);
    for (const terms of all) {
      const m = terms.milestones[0];
      const row = provider.rows.find((r) => r.milestone === m?.id);
      expect(row?.n, `provider payouts for ${m?.id}`).toBe("1");
      const gross = m?.amountMinor ?? 0;
      expect(Number(row?.amount)).toBe(gross - platformFee(gross, terms.platformFeeBps));
      expect(await balanceOf(pool, escrowOf(terms.contractId), "EUR")).toBe(0);
      expect(await balanceOf(pool, payableOf(terms.freelancerId), "EUR")).toBe(0);
    }
    const rows = await pool.query<{ state: string; n: string }>(
      "SELECT state, count(*) AS n FROM payouts WHERE contract_id = ANY($1) GROUP BY state",
      [all.map((t) => t.contractId)],
    );
    expect(rows.rows).toEqual([{ state: "PAID", n: String(payouts) }]);
    expect(await auditLedger(pool)).toEqual([]);
  }, 900_000);
});
