// The sandbox payment provider against a real payment sandbox server on real PostgreSQL.
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { createPaymentSandbox } from "@skillpod/payment-sandbox";
import type { PaymentSandbox } from "@skillpod/payment-sandbox";
import { stackEnv } from "@skillpod/testkit";
import pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  PaymentProviderUnavailableError,
  PayoutDeclinedError,
  createPaymentProvider,
  createSandboxPaymentProvider,
} from "../src/payments/index.js";
import type { PaymentProvider, PayoutRequest } from "../src/payments/index.js";

const databaseUrl = stackEnv("TEST_DATABASE_URL");
const suffix = randomBytes(4).toString("hex");
const destinationPrefix = `fl-ppt-${suffix}-`;

let sandbox: PaymentSandbox;
let baseUrl: string;
let provider: PaymentProvider;
let db: pg.Pool;

const unique = (label: string): string => `${label}-${randomBytes(6).toString("hex")}`;

function payoutRequest(overrides: Partial<PayoutRequest> = {}): PayoutRequest {
  return {
    idempotencyKey: unique(`payout-wf-${suffix}/activity`),
    amountMinor: 90_000,
    currency: "EUR",
    destination: unique(destinationPrefix),
    metadata: { contractId: unique("c"), milestoneId: unique("m") },
    ...overrides,
  };
}

async function addFault(fault: Record<string, unknown>): Promise<void> {
  const res = await fetch(`${baseUrl}/v1/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(fault),
  });
  expect(res.status).toBe(201);
}

async function storedPayouts(key: string): Promise<{ id: string; amount_minor: string }[]> {
  const result = await db.query<{ id: string; amount_minor: string }>(
    "SELECT id, amount_minor FROM payment_sandbox.payouts WHERE idempotency_key = $1",
    [key],
  );
  return result.rows;
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  if (address === null || typeof address === "string") throw new Error("no port");
  return address.port;
}

beforeAll(async () => {
  db = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  sandbox = await createPaymentSandbox({ databaseUrl, log: pino({ level: "error" }) });
  baseUrl = await sandbox.app.listen({ host: "127.0.0.1", port: 0 });
  provider = createPaymentProvider({ provider: "sandbox", sandboxUrl: baseUrl, timeoutMs: 5_000 });
});

afterAll(async () => {
  await sandbox?.close();
  // The shared payment_sandbox schema keeps only other people's rows.
  await db?.query("DELETE FROM payment_sandbox.faults WHERE destination LIKE $1", [`${destinationPrefix}%`]);
  await db?.query("DELETE FROM payment_sandbox.payouts WHERE destination LIKE $1", [`${destinationPrefix}%`]);
  await db?.end();
});

describe("sandbox payment provider", () => {
  it("pays out and records the payout at the provider", async () => {
    const request = payoutRequest();
    const payout = await provider.createPayout(request);
    expect(provider.name).toBe("sandbox");
    expect(payout).toEqual({
      provider: "sandbox",
      providerPayoutId: expect.stringMatching(/^po_/) as string,
      status: "paid",
    });
    const res = await fetch(`${baseUrl}/v1/payouts/${payout.providerPayoutId}`);
    expect(await res.json()).toMatchObject({
      amountMinor: 90_000,
      currency: "EUR",
      destination: request.destination,
      metadata: request.metadata,
    });
  });

  it("returns the same payout when the same request is retried", async () => {
    const request = payoutRequest();
    const first = await provider.createPayout(request);
    const again = await provider.createPayout(request);
    expect(again.providerPayoutId).toBe(first.providerPayoutId);
    expect(await storedPayouts(request.idempotencyKey)).toHaveLength(1);
  });

  it("maps a decline to PayoutDeclinedError and pays nothing", async () => {
    const request = payoutRequest();
    await addFault({ mode: "decline", destination: request.destination });
    const attempt = provider.createPayout(request);
    await expect(attempt).rejects.toBeInstanceOf(PayoutDeclinedError);
    await expect(attempt).rejects.toThrow(/402.*payout_declined/);
    expect(await storedPayouts(request.idempotencyKey)).toEqual([]);
  });

  it("maps a reused key with a different amount to PayoutDeclinedError", async () => {
    const request = payoutRequest();
    await provider.createPayout(request);
    const attempt = provider.createPayout({ ...request, amountMinor: request.amountMinor + 1 });
    await expect(attempt).rejects.toBeInstanceOf(PayoutDeclinedError);
    await expect(attempt).rejects.toThrow(/idempotency_key_reused/);
    expect((await storedPayouts(request.idempotencyKey)).map((p) => p.amount_minor)).toEqual(["90000"]);
  });

  it("maps a provider failure to PaymentProviderUnavailableError, and the retry pays", async () => {
    const request = payoutRequest();
    await addFault({ mode: "fail", destination: request.destination });
    await expect(provider.createPayout(request)).rejects.toBeInstanceOf(PaymentProviderUnavailableError);
    expect(await storedPayouts(request.idempotencyKey)).toEqual([]);
    const payout = await provider.createPayout(request);
    expect(await storedPayouts(request.idempotencyKey)).toEqual([
      { id: payout.providerPayoutId, amount_minor: "90000" },
    ]);
  });

  it("treats a lost response as unavailable, and the retry returns the payout that was made", async () => {
    const impatient = createSandboxPaymentProvider({ baseUrl, timeoutMs: 300 });
    const request = payoutRequest();
    await addFault({ mode: "timeout", delayMs: 10_000, destination: request.destination });

    const started = performance.now();
    const attempt = impatient.createPayout(request);
    await expect(attempt).rejects.toBeInstanceOf(PaymentProviderUnavailableError);
    await expect(attempt).rejects.toThrow(/timed out after 300 ms/);
    expect(performance.now() - started).toBeLessThan(5_000);

    const retried = await impatient.createPayout(request);
    const stored = await storedPayouts(request.idempotencyKey);
    expect(stored).toHaveLength(1);
    expect(retried.providerPayoutId).toBe(stored[0]?.id);
  });

  it("treats an unreachable provider as unavailable", async () => {
    const unreachable = createSandboxPaymentProvider({
      baseUrl: `http://127.0.0.1:${await closedPort()}`,
      timeoutMs: 2_000,
    });
    const attempt = unreachable.createPayout(payoutRequest());
    await expect(attempt).rejects.toBeInstanceOf(PaymentProviderUnavailableError);
    await expect(attempt).rejects.toThrow(/unreachable/);
  });
});
