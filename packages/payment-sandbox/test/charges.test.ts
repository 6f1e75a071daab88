// The payment sandbox's charges (money in, for deposits) as a real HTTP server on real PostgreSQL: the same
// idempotency rules as payouts, faults scoped to the customer, bad input refused.
import { randomBytes } from "node:crypto";
import { stackEnv } from "@skillpod/testkit";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createPaymentSandbox } from "../src/index.js";
import type { Charge, PaymentSandbox } from "../src/index.js";

const suffix = randomBytes(4).toString("hex");
// Our own schema: nothing here can see or disturb anyone else's charges or faults.
const schema = `payment_sandbox_c${suffix}`;

let sandbox: PaymentSandbox;
let baseUrl: string;

const unique = (label: string): string => `${label}-${suffix}-${randomBytes(4).toString("hex")}`;

type Body = Record<string, unknown>;

function chargeBody(customer: string, overrides: Body = {}): Body {
  return {
    amountMinor: 2_500,
    currency: "USD",
    customer,
    paymentMethod: "sandbox",
    metadata: { depositId: unique("d") },
    ...overrides,
  };
}

async function postCharge(
  key: string | undefined,
  body: Body,
): Promise<{ status: number; body: Body; replayed: string | null }> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (key !== undefined) headers["idempotency-key"] = key;
  const res = await fetch(`${baseUrl}/v1/charges`, { method: "POST", headers, body: JSON.stringify(body) });
  return {
    status: res.status,
    body: (await res.json()) as Body,
    replayed: res.headers.get("idempotent-replayed"),
  };
}

async function chargesOf(customer: string): Promise<Charge[]> {
  const res = await fetch(`${baseUrl}/v1/charges?customer=${encodeURIComponent(customer)}`);
  return ((await res.json()) as { data: Charge[] }).data;
}

async function addFault(fault: Body): Promise<void> {
  const res = await fetch(`${baseUrl}/v1/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(fault),
  });
  expect(res.status).toBe(201);
}

beforeAll(async () => {
  sandbox = await createPaymentSandbox({
    databaseUrl: stackEnv("TEST_DATABASE_URL"),
    log: pino({ level: "error" }),
    schema,
  });
  baseUrl = await sandbox.app.listen({ host: "127.0.0.1", port: 0 });
});

afterAll(async () => {
  await sandbox?.close();
});

describe("payment sandbox: charges", () => {
  it("creates a charge once and replays it for the same key", async () => {
    const customer = unique("client");
    const key = unique("deposit-wf");
    const body = chargeBody(customer);
    const first = await postCharge(key, body);
    expect(first.status).toBe(201);
    expect(first.replayed).toBeNull();
    expect(first.body).toMatchObject({ status: "succeeded", amountMinor: 2_500, currency: "USD", customer });
    const again = await postCharge(key, body);
    expect(again.status).toBe(200);
    expect(again.replayed).toBe("true");
    expect(again.body).toEqual(first.body);
    expect(await chargesOf(customer)).toHaveLength(1);
    const read = await fetch(`${baseUrl}/v1/charges/${String(first.body.id)}`);
    expect(await read.json()).toEqual(first.body);
  });

  it("refuses a key reused with a different body, and creates one charge for concurrent requests", async () => {
    const customer = unique("client");
    const key = unique("deposit-wf");
    const body = chargeBody(customer);
    const answers = await Promise.all(Array.from({ length: 10 }, () => postCharge(key, body)));
    expect(answers.map((a) => a.status).sort(), JSON.stringify(answers.map((a) => a.body))).toEqual([
      200, 200, 200, 200, 200, 200, 200, 200, 200, 201,
    ]);
    expect(new Set(answers.map((a) => a.body.id)).size).toBe(1);
    const reused = await postCharge(key, { ...body, amountMinor: 2_501 });
    expect(reused.status).toBe(422);
    expect(reused.body.code).toBe("idempotency_key_reused");
    expect(await chargesOf(customer)).toHaveLength(1);
  });

  it("declines (402) or fails (503) on a fault for the customer, charging nothing", async () => {
    const customer = unique("client");
    await addFault({ mode: "decline", destination: customer });
    const declined = await postCharge(unique("k"), chargeBody(customer));
    expect(declined.status).toBe(402);
    expect(declined.body.code).toBe("card_declined");
    await addFault({ mode: "fail", destination: customer });
    expect((await postCharge(unique("k"), chargeBody(customer))).status).toBe(503);
    expect(await chargesOf(customer)).toEqual([]);
    // Another customer is not touched by those faults, and the faults are used up.
    expect((await postCharge(unique("k"), chargeBody(unique("other")))).status).toBe(201);
    expect((await postCharge(unique("k"), chargeBody(customer))).status).toBe(201);
  });

  it("rejects bad input with 400 and a missing key, and 404s an unknown charge", async () => {
    const customer = unique("client");
    expect((await postCharge(undefined, chargeBody(customer))).status).toBe(400);
    for (const bad of [
      { amountMinor: 0 },
      { amountMinor: 1.5 },
      { currency: "usd" },
      { paymentMethod: "" },
      { extra: 1 },
    ])
      expect((await postCharge(unique("k"), chargeBody(customer, bad))).status).toBe(400);
    expect(await chargesOf(customer)).toEqual([]);
    expect((await fetch(`${baseUrl}/v1/charges/ch_nothing`)).status).toBe(404);
  });
});
