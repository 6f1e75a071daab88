// DepositWorkflow and WithdrawalWorkflow on the real Temporal dev server, PostgreSQL and payment sandbox, with
// in-process workers on a task queue of their own. Effects must happen once however often a workflow or an
// activity runs; declines fail cleanly (deposits credit nothing, withdrawals give the money back).
import { createPaymentSandbox, type PaymentSandbox } from "@skillpod/payment-sandbox";
import {
  depositWorkflowId,
  withdrawalWorkflowId,
  type DepositInput,
  type DepositResult,
  type WithdrawalInput,
  type WithdrawalResult,
} from "@skillpod/contract-messages";
import { stackEnv } from "@skillpod/testkit";
import { Client, Connection } from "@temporalio/client";
import { NativeConnection, Worker } from "@temporalio/worker";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditLedger, balanceOf, payableOf, post, walletOf } from "../src/ledger/index.js";
import { createSandboxPaymentProvider } from "../src/payments/index.js";
import { createWalletActivities } from "../src/wallet/index.js";
import { withdrawal } from "../src/wallet/index.js";
import { workflowBundle } from "./contract-harness.js";

const taskQueue = `wallet-${randomUUID().slice(0, 8)}-payments`;
let pool: pg.Pool;
let sandbox: PaymentSandbox;
let sandboxUrl: string;
let connection: Connection;
let client: Client;
let worker: Worker;
let running: Promise<void>;

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: stackEnv("TEST_DATABASE_URL"), max: 10 });
  const log = pino({ level: "warn" });
  sandbox = await createPaymentSandbox({ databaseUrl: stackEnv("TEST_DATABASE_URL"), log });
  sandboxUrl = await sandbox.app.listen({ host: "127.0.0.1", port: 0 });
  connection = await Connection.connect({ address: stackEnv("TEMPORAL_ADDRESS") });
  client = new Client({ connection });
  worker = await Worker.create({
    connection: await NativeConnection.connect({ address: stackEnv("TEMPORAL_ADDRESS") }),
    taskQueue,
    workflowBundle: await workflowBundle(),
    activities: createWalletActivities({
      pool,
      payments: createSandboxPaymentProvider({ baseUrl: sandboxUrl, timeoutMs: 2_000 }),
      log,
    }),
  });
  running = worker.run();
}, 120_000);

afterAll(async () => {
  worker?.shutdown();
  await running;
  await connection?.close();
  await sandbox?.close();
  await pool?.end();
});

async function fault(mode: "decline" | "fail", destination: string): Promise<void> {
  const response = await fetch(`${sandboxUrl}/v1/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ mode, destination }),
  });
  expect(response.status).toBe(201);
}

async function charges(customer: string): Promise<{ id: string; amountMinor: number }[]> {
  const response = await fetch(`${sandboxUrl}/v1/charges?customer=${customer}`);
  return ((await response.json()) as { data: { id: string; amountMinor: number }[] }).data;
}

async function payouts(destination: string): Promise<{ id: string; amountMinor: number }[]> {
  const response = await fetch(`${sandboxUrl}/v1/payouts?destination=${destination}`);
  return ((await response.json()) as { data: { id: string; amountMinor: number }[] }).data;
}

async function newDeposit(amountMinor: number): Promise<DepositInput> {
  const input = {
    depositId: randomUUID(),
    userId: randomUUID(),
    amountMinor,
    currency: "USD",
    paymentMethod: "sandbox",
  };
  await pool.query(
    `INSERT INTO deposits (id, user_id, idempotency_key, amount_minor, currency, workflow_id)
     VALUES ($1, $2, $3, $4, 'USD', $5)`,
    [input.depositId, input.userId, randomUUID(), amountMinor, depositWorkflowId(input.depositId)],
  );
  return input;
}

async function newWithdrawal(amountMinor: number, payableMinor: number): Promise<WithdrawalInput> {
  const input = { withdrawalId: randomUUID(), userId: randomUUID(), amountMinor, currency: "USD" };
  await pool.query(
    `INSERT INTO withdrawals (id, user_id, idempotency_key, amount_minor, currency, workflow_id)
     VALUES ($1, $2, $3, $4, 'USD', $5)`,
    [input.withdrawalId, input.userId, randomUUID(), amountMinor, withdrawalWorkflowId(input.withdrawalId)],
  );
  if (payableMinor > 0) {
    // Payable funds arrive the way a held payout leaves them; the posting's shape is the test's own.
    const arrival = withdrawal({
      idempotencyKey: `test-arrival-${input.withdrawalId}`,
      currency: "USD",
      freelancerId: input.userId,
      amountMinor: payableMinor,
    });
    await post(pool, {
      ...arrival,
      kind: "TEST_PAYABLE",
      legs: arrival.legs.map((l) => ({ ...l, amountMinor: -l.amountMinor })),
    });
  }
  return input;
}

const runDeposit = (input: DepositInput): Promise<DepositResult> =>
  client.workflow.execute("depositWorkflow", {
    workflowId: depositWorkflowId(input.depositId),
    taskQueue,
    args: [input],
  });

const runWithdrawal = (input: WithdrawalInput): Promise<WithdrawalResult> =>
  client.workflow.execute("withdrawalWorkflow", {
    workflowId: withdrawalWorkflowId(input.withdrawalId),
    taskQueue,
    args: [input],
  });

async function row(
  table: "deposits" | "withdrawals",
  id: string,
): Promise<{ state: string; failure_code: string | null }> {
  const found = await pool.query<{ state: string; failure_code: string | null }>(
    `SELECT state::text, failure_code FROM ${table} WHERE id = $1`,
    [id],
  );
  return found.rows[0] ?? { state: "missing", failure_code: null };
}

async function ledgerKinds(idempotencyKeyPrefix: string): Promise<string[]> {
  const found = await pool.query<{ kind: string }>(
    "SELECT kind FROM ledger_transactions WHERE idempotency_key LIKE $1 || '%' ORDER BY created_at",
    [idempotencyKeyPrefix],
  );
  return found.rows.map((r) => r.kind);
}

describe("DepositWorkflow", () => {
  it("charges once and credits once, even when the whole workflow runs again", async () => {
    const input = await newDeposit(12_345);
    const first = await runDeposit(input);
    expect(first.outcome).toBe("succeeded");
    // Same workflow id again (the id may be reused once closed): same charge key, same posting key.
    const second = await runDeposit(input);
    expect(second).toEqual(first);
    expect(await charges(input.userId)).toEqual([
      expect.objectContaining({ id: first.providerChargeId, amountMinor: 12_345 }),
    ]);
    expect(await ledgerKinds(depositWorkflowId(input.depositId))).toEqual(["DEPOSIT"]);
    expect(await balanceOf(pool, walletOf(input.userId), "USD")).toBe(12_345);
    expect(await row("deposits", input.depositId)).toEqual({ state: "SUCCEEDED", failure_code: null });
  });

  it("rides out a provider failure with a retry under the same key", async () => {
    const input = await newDeposit(500);
    await fault("fail", input.userId);
    expect((await runDeposit(input)).outcome).toBe("succeeded");
    expect(await charges(input.userId)).toHaveLength(1);
    expect(await balanceOf(pool, walletOf(input.userId), "USD")).toBe(500);
  });

  it("fails a declined charge with its code and credits nothing", async () => {
    const input = await newDeposit(700);
    await fault("decline", input.userId);
    expect(await runDeposit(input)).toEqual({ outcome: "failed", failureCode: "SKP_DEPOSIT_DECLINED" });
    expect(await row("deposits", input.depositId)).toEqual({
      state: "FAILED",
      failure_code: "SKP_DEPOSIT_DECLINED",
    });
    expect(await ledgerKinds(depositWorkflowId(input.depositId))).toEqual([]);
    expect(await charges(input.userId)).toEqual([]);
  });

  it("charges nothing for a deposit that has no row", async () => {
    const input = {
      depositId: randomUUID(),
      userId: randomUUID(),
      amountMinor: 100,
      currency: "USD",
      paymentMethod: "sandbox",
    };
    expect(await runDeposit(input)).toEqual({ outcome: "failed", failureCode: "SKP_WALLET_REQUEST_MISSING" });
    expect(await charges(input.userId)).toEqual([]);
  });
});

describe("WithdrawalWorkflow", () => {
  it("debits payable first, then pays out once, even when run again", async () => {
    const input = await newWithdrawal(4_000, 10_000);
    const first = await runWithdrawal(input);
    expect(first.outcome).toBe("succeeded");
    expect(await runWithdrawal(input)).toEqual(first);
    expect(await payouts(input.userId)).toEqual([
      expect.objectContaining({ id: first.providerPayoutId, amountMinor: 4_000 }),
    ]);
    expect(await balanceOf(pool, payableOf(input.userId), "USD")).toBe(6_000);
    expect(await ledgerKinds(withdrawalWorkflowId(input.withdrawalId))).toEqual(["WITHDRAWAL"]);
    expect(await row("withdrawals", input.withdrawalId)).toEqual({ state: "SUCCEEDED", failure_code: null });
  });

  it("refuses more than payable with SKP_INSUFFICIENT_FUNDS and pays nothing", async () => {
    const input = await newWithdrawal(4_000, 3_999);
    expect(await runWithdrawal(input)).toEqual({ outcome: "failed", failureCode: "SKP_INSUFFICIENT_FUNDS" });
    expect(await row("withdrawals", input.withdrawalId)).toEqual({
      state: "FAILED",
      failure_code: "SKP_INSUFFICIENT_FUNDS",
    });
    expect(await payouts(input.userId)).toEqual([]);
    expect(await balanceOf(pool, payableOf(input.userId), "USD")).toBe(3_999);
  });

  it("compensates a declined payout: the debit is reversed and the row FAILED", async () => {
    const input = await newWithdrawal(2_500, 2_500);
    await fault("decline", input.userId);
    expect(await runWithdrawal(input)).toEqual({ outcome: "failed", failureCode: "SKP_WITHDRAWAL_DECLINED" });
    expect(await balanceOf(pool, payableOf(input.userId), "USD")).toBe(2_500);
    expect(await ledgerKinds(withdrawalWorkflowId(input.withdrawalId))).toEqual([
      "WITHDRAWAL",
      "REVERSE_WITHDRAWAL",
    ]);
    expect(await row("withdrawals", input.withdrawalId)).toEqual({
      state: "FAILED",
      failure_code: "SKP_WITHDRAWAL_DECLINED",
    });
    expect(await payouts(input.userId)).toEqual([]);
  });
});

describe("the ledger after all of it", () => {
  it("is consistent", async () => {
    expect(await auditLedger(pool)).toEqual([]);
  });
});
