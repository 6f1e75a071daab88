// The wallet over HTTP against the real workers process and payment sandbox: deposits charge once and
// credit once however often they are retried, declines credit nothing, withdrawals pay out payable funds
// once (and give them back when declined), balances and the transaction list (pages and CSV) come from
// the ledger, and nobody reads another user's deposit or withdrawal.
import { liveStreamKey } from "@skillpod/live-events";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, expectProblem } from "./app-harness.js";
import { rateLimitNamespace, signUp, type SignedIn } from "./callers.js";
import { closeOwnerPool, startContract, untilContract } from "./contracts-fixtures.js";
import { startMoneyStack, type MoneyStack } from "./money-stack.js";
import {
  ledgerTransactions,
  payableFor,
  sandboxCharges,
  sandboxFault,
  sandboxPayoutsTo,
} from "./wallet-fixtures.js";

let stack: MoneyStack;

// Many sign-ups from one address in a minute: this file's own rate-limit namespace, with room.
const roomy = {
  RATE_LIMIT_NAMESPACE: rateLimitNamespace("wallet"),
  RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
  RATE_LIMIT_DEFAULT_PER_MINUTE: "100000",
  RATE_LIMIT_AUTHENTICATED_PER_MINUTE: "100000",
};

beforeAll(async () => {
  stack = await startMoneyStack({ appOverrides: roomy });
}, 180_000);

afterAll(async () => {
  await stack?.close();
  await closeOwnerPool();
});

const usd = (amountMinor: number): { amountMinor: number; currency: string } => ({
  amountMinor,
  currency: "USD",
});

type Balance = {
  currency: string;
  available: unknown;
  inEscrow: unknown;
  payable: unknown;
  paidOut: unknown;
};

function deposit(user: SignedIn, amountMinor: number, key: string = randomUUID()) {
  return stack.app.inject({
    method: "POST",
    url: "/v1/wallet/deposits",
    headers: { ...user.headers, "idempotency-key": key },
    payload: { amount: usd(amountMinor) },
  });
}

function withdraw(user: SignedIn, amountMinor: number, key: string = randomUUID()) {
  return stack.app.inject({
    method: "POST",
    url: "/v1/wallet/withdrawals",
    headers: { ...user.headers, "idempotency-key": key },
    payload: { amount: usd(amountMinor) },
  });
}

/** The live events the user's browser would get (their stream in Redis), as [type, data]. */
async function liveEvents(user: SignedIn): Promise<[string, Record<string, unknown>][]> {
  const entries = await stack.app.redis.xrange(liveStreamKey(user.userId), "-", "+");
  return entries.map(([, fields]) => {
    const event = JSON.parse(fields[1] ?? "{}") as { type: string; data: Record<string, unknown> };
    return [event.type, event.data];
  });
}

async function balances(user: SignedIn): Promise<Balance[]> {
  const response = await stack.app.inject({ method: "GET", url: "/v1/wallet", headers: user.headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<{ balances: Balance[] }>().balances;
}

async function usdBalance(user: SignedIn): Promise<Balance | undefined> {
  return (await balances(user)).find((b) => b.currency === "USD");
}

describe("deposits", () => {
  it("charge the client once and credit their wallet", async () => {
    const client = await signUp(stack.app, "client");
    expect(await balances(client)).toEqual([]);
    const response = await deposit(client, 25_000);
    expect(response.statusCode, response.body).toBe(201);
    const made = response.json<{ id: string; state: string; providerChargeId: string; amount: unknown }>();
    expect(made).toMatchObject({ state: "SUCCEEDED", amount: usd(25_000), paymentMethod: "sandbox" });
    const charges = await sandboxCharges(client.userId);
    expect(charges).toEqual([{ id: made.providerChargeId, amount: 25_000 }]);
    expect(await usdBalance(client)).toEqual({
      currency: "USD",
      available: usd(25_000),
      inEscrow: usd(0),
      payable: usd(0),
      paidOut: usd(0),
    });
    const read = await stack.app.inject({
      method: "GET",
      url: `/v1/wallet/deposits/${made.id}`,
      headers: client.headers,
    });
    expect(read.json()).toEqual(response.json());
  });

  it("retried with the same key, one after another or all at once, credit once", async () => {
    const client = await signUp(stack.app, "client");
    const key = randomUUID();
    const first = await deposit(client, 10_000, key);
    const again = await deposit(client, 10_000, key);
    expect(first.statusCode, first.body).toBe(201);
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json<{ id: string }>().id).toBe(first.json<{ id: string }>().id);
    // The request that made the deposit announced it; the replay did not announce it again.
    expect(await liveEvents(client)).toEqual([
      [
        "wallet.changed",
        { depositId: first.json<{ id: string }>().id, state: "SUCCEEDED", amount: usd(10_000) },
      ],
    ]);

    const raced = await Promise.all([1, 2, 3].map(() => deposit(client, 7_000, "raced-key")));
    const ids = new Set(raced.map((r) => r.json<{ id: string }>().id));
    expect(ids.size).toBe(1);
    expect(raced.map((r) => r.statusCode).sort()).toEqual([200, 200, 201]);

    const [depositId] = [...ids];
    expect(await ledgerTransactions(`deposit-${depositId}`, "DEPOSIT")).toBe(1);
    expect(await ledgerTransactions(`deposit-${first.json<{ id: string }>().id}`, "DEPOSIT")).toBe(1);
    expect((await sandboxCharges(client.userId)).map((c) => c.amount).sort()).toEqual([10_000, 7_000].sort());
    expect((await usdBalance(client))?.available).toEqual(usd(17_000));
  });

  it("refuse the same key for another amount and require a key (422)", async () => {
    const client = await signUp(stack.app, "client");
    const key = randomUUID();
    expect((await deposit(client, 1_000, key)).statusCode).toBe(201);
    expectProblem(await deposit(client, 2_000, key), 422, "SKP_IDEMPOTENCY_KEY_REUSED");
    const keyless = await stack.app.inject({
      method: "POST",
      url: "/v1/wallet/deposits",
      headers: client.headers,
      payload: { amount: usd(1_000) },
    });
    expectProblem(keyless, 422, "SKP_IDEMPOTENCY_KEY_REQUIRED");
    expect((await usdBalance(client))?.available).toEqual(usd(1_000));
  });

  it("declined by the provider answer 402 and credit nothing", async () => {
    const client = await signUp(stack.app, "client");
    await sandboxFault(stack.sandboxUrl, { mode: "decline", destination: client.userId });
    const response = await deposit(client, 5_000);
    expectProblem(response, 402, "SKP_DEPOSIT_DECLINED");
    const depositId = response.json<{ depositId: string }>().depositId;
    const read = await stack.app.inject({
      method: "GET",
      url: `/v1/wallet/deposits/${depositId}`,
      headers: client.headers,
    });
    expect(read.json()).toMatchObject({ state: "FAILED", failureCode: "SKP_DEPOSIT_DECLINED" });
    expect(await sandboxCharges(client.userId)).toEqual([]);
    expect(await ledgerTransactions(`deposit-${depositId}`, "DEPOSIT")).toBe(0);
    expect(await balances(client)).toEqual([]);
  });

  it("answer 202 PENDING when asked not to wait, and finish anyway", async () => {
    const client = await signUp(stack.app, "client");
    const response = await stack.app.inject({
      method: "POST",
      url: "/v1/wallet/deposits",
      headers: { ...client.headers, "idempotency-key": randomUUID(), prefer: "wait=0" },
      payload: { amount: usd(3_000) },
    });
    expect(response.statusCode, response.body).toBe(202);
    const { id } = response.json<{ id: string; state: string }>();
    expect(response.json<{ state: string }>().state).toBe("PENDING");
    await expect
      .poll(
        async () =>
          (
            await stack.app.inject({
              method: "GET",
              url: `/v1/wallet/deposits/${id}`,
              headers: client.headers,
            })
          ).json<{ state: string }>().state,
        { timeout: 30_000, interval: 200 },
      )
      .toBe("SUCCEEDED");
  });
});

describe("deposits with no workers to run them", () => {
  it("answer 202 PENDING at once instead of waiting out the full wait", async () => {
    const lonely = await buildTestApp({
      ...roomy,
      TEMPORAL_TASK_QUEUE_PREFIX: `nobody${randomUUID().slice(0, 8)}`,
    });
    try {
      const client = await signUp(lonely, "client");
      const started = performance.now();
      const response = await lonely.inject({
        method: "POST",
        url: "/v1/wallet/deposits",
        headers: { ...client.headers, "idempotency-key": randomUUID() },
        payload: { amount: usd(100) },
      });
      expect(response.statusCode, response.body).toBe(202);
      expect(performance.now() - started).toBeLessThan(5_000);
      const { id } = response.json<{ id: string }>();
      await lonely.temporal.workflow.getHandle(`deposit-${id}`).terminate("no workers in this test");
    } finally {
      await lonely.close();
    }
  });
});

describe("withdrawals", () => {
  it("pay payable funds out once: payable drops, paid out rises", async () => {
    const freelancer = await signUp(stack.app, "freelancer");
    await payableFor(freelancer.userId, 50_000);
    const key = randomUUID();
    const response = await withdraw(freelancer, 30_000, key);
    expect(response.statusCode, response.body).toBe(201);
    const made = response.json<{ id: string; state: string; providerPayoutId: string }>();
    expect(made.state).toBe("SUCCEEDED");
    const again = await withdraw(freelancer, 30_000, key);
    expect(again.statusCode).toBe(200);
    expect(again.json<{ id: string }>().id).toBe(made.id);
    expect(await sandboxPayoutsTo(freelancer.userId)).toEqual([
      { id: made.providerPayoutId, amount: 30_000 },
    ]);
    expect(await ledgerTransactions(`withdrawal-${made.id}`, "WITHDRAWAL")).toBe(1);
    expect(await usdBalance(freelancer)).toMatchObject({ payable: usd(20_000), paidOut: usd(30_000) });
  });

  it("beyond payable funds answer 402 SKP_INSUFFICIENT_FUNDS and pay nothing", async () => {
    const freelancer = await signUp(stack.app, "freelancer");
    await payableFor(freelancer.userId, 1_000);
    expectProblem(await withdraw(freelancer, 1_001), 402, "SKP_INSUFFICIENT_FUNDS");
    expect(await sandboxPayoutsTo(freelancer.userId)).toEqual([]);
    expect(await usdBalance(freelancer)).toMatchObject({ payable: usd(1_000), paidOut: usd(0) });
  });

  it("declined by the provider give the money back to payable (402)", async () => {
    const freelancer = await signUp(stack.app, "freelancer");
    await payableFor(freelancer.userId, 9_000);
    await sandboxFault(stack.sandboxUrl, { mode: "decline", destination: freelancer.userId });
    const response = await withdraw(freelancer, 9_000);
    expectProblem(response, 402, "SKP_WITHDRAWAL_DECLINED");
    expect(await usdBalance(freelancer)).toMatchObject({ payable: usd(9_000), paidOut: usd(0) });
    const withdrawalId = response.json<{ withdrawalId: string }>().withdrawalId;
    expect(await ledgerTransactions(`withdrawal-${withdrawalId}:reverse`, "REVERSE_WITHDRAWAL")).toBe(1);
  });

  it("are the freelancer's: a client may not withdraw (403)", async () => {
    const client = await signUp(stack.app, "client");
    expectProblem(await withdraw(client, 100), 403, "SKP_FORBIDDEN");
  });
});

describe("balances", () => {
  it("show the client's escrow and the freelancer's paid-out milestone", async () => {
    const client = await signUp(stack.app, "client");
    const freelancer = await signUp(stack.app, "freelancer");
    expect((await deposit(client, 20_000)).statusCode).toBe(201);
    const contract = await startContract(stack.app, {
      clientId: client.userId,
      freelancerId: freelancer.userId,
      amounts: [10_000, 5_000],
    });
    const [m1, m2] = contract.milestoneIds as [string, string];
    const asClient = { userId: client.userId, role: "client" as const };
    await stack.app.contracts.fund(contract.contractId, asClient, m1);
    await stack.app.contracts.fund(contract.contractId, asClient, m2);
    await stack.app.contracts.submit(
      contract.contractId,
      { userId: freelancer.userId, role: "freelancer" },
      m1,
    );
    await stack.app.contracts.approve(contract.contractId, asClient, m1);
    await untilContract(stack.app, contract.contractId, (view) =>
      view.milestones.some((m) => m.id === m1 && m.payout.state === "paid"),
    );
    expect(await usdBalance(client)).toEqual({
      currency: "USD",
      available: usd(5_000),
      inEscrow: usd(5_000),
      payable: usd(0),
      paidOut: usd(0),
    });
    // 10 % platform fee: 9,000 of the 10,000 reached the freelancer.
    expect(await usdBalance(freelancer)).toMatchObject({
      available: usd(0),
      payable: usd(0),
      paidOut: usd(9_000),
    });
  });
});

describe("transactions", () => {
  it("come newest first a page at a time, and all at once as CSV", async () => {
    const client = await signUp(stack.app, "client");
    for (const amount of [100, 200, 300]) expect((await deposit(client, amount)).statusCode).toBe(201);
    const list = (query: string) =>
      stack.app.inject({ method: "GET", url: `/v1/wallet/transactions${query}`, headers: client.headers });
    const first = (await list("?limit=2")).json<{
      items: { amount: unknown; kind: string }[];
      nextCursor: string;
    }>();
    expect(first.items.map((i) => i.amount)).toEqual([usd(300), usd(200)]);
    expect(first.items.every((i) => i.kind === "DEPOSIT")).toBe(true);
    const second = (await list(`?limit=2&cursor=${first.nextCursor}`)).json<{
      items: { amount: unknown }[];
      nextCursor: string | null;
    }>();
    expect(second).toEqual({ items: [expect.objectContaining({ amount: usd(100) })], nextCursor: null });
    expectProblem(await list("?cursor=bm90LWEtY3Vyc29y"), 422, "SKP_VALIDATION_FAILED");

    const csv = await list("?format=csv");
    expect(csv.statusCode).toBe(200);
    expect(csv.headers["content-type"]).toMatch(/^text\/csv/);
    const lines = csv.body.trimEnd().split("\r\n");
    expect(lines[0]).toBe(
      "created_at,transaction_id,kind,account,amount_minor,currency,contract_id,milestone_id",
    );
    expect(lines.slice(1).map((line) => line.split(",")[4])).toEqual(["300", "200", "100"]);
  });

  it("show only the caller's own entries", async () => {
    const stranger = await signUp(stack.app, "client");
    const response = await stack.app.inject({
      method: "GET",
      url: "/v1/wallet/transactions",
      headers: stranger.headers,
    });
    expect(response.json()).toEqual({ items: [], nextCursor: null });
  });
});

describe("reads", () => {
  it("of a deposit or withdrawal are its owner's only (404 for anyone else)", async () => {
    const client = await signUp(stack.app, "client");
    const freelancer = await signUp(stack.app, "freelancer");
    const other = await signUp(stack.app, "client");
    const depositId = (await deposit(client, 500)).json<{ id: string }>().id;
    await payableFor(freelancer.userId, 500);
    const withdrawalId = (await withdraw(freelancer, 500)).json<{ id: string }>().id;
    for (const [url, owner] of [
      [`/v1/wallet/deposits/${depositId}`, client],
      [`/v1/wallet/withdrawals/${withdrawalId}`, freelancer],
    ] as const) {
      expect((await stack.app.inject({ method: "GET", url, headers: owner.headers })).statusCode).toBe(200);
      expectProblem(
        await stack.app.inject({ method: "GET", url, headers: other.headers }),
        404,
        "SKP_NOT_FOUND",
      );
    }
  });
});
