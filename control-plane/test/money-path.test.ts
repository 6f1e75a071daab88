// The whole money path over HTTP only, against the real workers process, Temporal and the payment sandbox:
// a client deposits, posts a job, Ada proposes, the client offers and Ada accepts (a retried accept makes
// one contract), the client funds, Ada submits, the client approves, the payout reaches the sandbox exactly
// once, both wallets show it and the ledger audit is clean. Then on the same contract: a dispute that holds
// another milestone's payout until an admin resolves it for the client (refund), one resolved for Ada
// (paid), and a cancel that refunds what was still in escrow.
import type { LightMyRequestResponse } from "fastify";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, type SignedIn } from "./callers.js";
import { closeOwnerPool, ledgerProblems, roomyLimits, sandboxPayouts } from "./contracts-fixtures.js";
import { postJob } from "./jobs-fixtures.js";
import { startMoneyStack, type MoneyStack } from "./money-stack.js";

let stack: MoneyStack;
let client: SignedIn;
let ada: SignedIn;
let admin: SignedIn;

type Money = { amountMinor: number; currency: string };
type Contract = {
  id: string;
  state: string;
  milestones: { id: string; state: string; payout: { state: string } }[];
};
type Wallet = {
  balances: { currency: string; available: Money; inEscrow: Money; payable: Money; paidOut: Money }[];
};

const usd = (amountMinor: number): Money => ({ amountMinor, currency: "USD" });
const amounts = [20_000, 5_000, 3_000, 4_000, 6_000];

beforeAll(async () => {
  stack = await startMoneyStack({ appOverrides: roomyLimits("money-path") });
  [client, ada, admin] = await Promise.all([
    signUp(stack.app, "client"),
    signUp(stack.app, "freelancer"),
    signUp(stack.app, "admin"),
  ]);
}, 180_000);

afterAll(async () => {
  await stack?.close();
  await closeOwnerPool();
});

async function call(
  who: SignedIn,
  method: "GET" | "POST",
  url: string,
  payload?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return stack.app.inject({
    method,
    url,
    headers: { ...who.headers, ...headers },
    ...(payload === undefined ? {} : { payload }),
  });
}

async function ok<T>(response: Promise<LightMyRequestResponse>, status = 200): Promise<T> {
  const answered = await response;
  expect(answered.statusCode, answered.body).toBe(status);
  return answered.json<T>();
}

async function walletOf(who: SignedIn): Promise<Wallet["balances"][number] | undefined> {
  const wallet = await ok<Wallet>(call(who, "GET", "/v1/wallet"));
  return wallet.balances.find((b) => b.currency === "USD");
}

/** Polls the contract over HTTP until `done` holds (payouts settle after the approval answered). */
async function until(contractId: string, done: (c: Contract) => boolean): Promise<Contract> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const contract = await ok<Contract>(call(client, "GET", `/v1/contracts/${contractId}`));
    if (done(contract)) return contract;
    if (Date.now() > deadline) throw new Error(`contract never got there: ${JSON.stringify(contract)}`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

async function hire(): Promise<Contract> {
  const key = `deposit-${randomUUID()}`;
  const deposit = { amount: usd(50_000) };
  await ok(call(client, "POST", "/v1/wallet/deposits", deposit, { "idempotency-key": key }), 201);
  // A retried deposit credits once.
  await ok(call(client, "POST", "/v1/wallet/deposits", deposit, { "idempotency-key": key }), 200);
  const job = await postJob(stack.app, client, { title: `Money path ${randomUUID().slice(0, 8)}` });
  const total = amounts.reduce((a, b) => a + b, 0);
  const proposal = await ok<{ id: string }>(
    call(ada, "POST", `/v1/jobs/${job.id}/proposals`, {
      coverLetter: "I will do all five parts.",
      bid: usd(total),
      milestones: amounts.map((a, i) => ({ title: `Part ${i + 1}`, amount: usd(a) })),
    }),
    201,
  );
  const offer = await ok<{ id: string }>(
    call(client, "POST", `/v1/proposals/${proposal.id}/offers`, {}),
    201,
  );
  const accepted = await ok<{ contractId: string }>(call(ada, "POST", `/v1/offers/${offer.id}/accept`));
  const again = await ok<{ contractId: string }>(call(ada, "POST", `/v1/offers/${offer.id}/accept`));
  expect(again.contractId).toBe(accepted.contractId);
  return until(accepted.contractId, (c) => c.state === "active");
}

const milestoneUrl = (c: Contract, i: number, action: string): string =>
  `/v1/contracts/${c.id}/milestones/${c.milestones[i]?.id}/${action}`;

describe("the money path over HTTP", () => {
  let contract: Contract;

  it("hires, funds, submits, approves and pays Ada exactly once; both wallets show it", async () => {
    contract = await hire();
    expect(contract.milestones.map((m) => m.state)).toEqual(amounts.map(() => "pending"));
    expect((await walletOf(client))?.available).toEqual(usd(50_000));
    await ok(call(client, "POST", milestoneUrl(contract, 0, "fund")));
    expect((await walletOf(client))?.inEscrow).toEqual(usd(20_000));
    await ok(
      call(ada, "POST", milestoneUrl(contract, 0, "submit"), {
        note: "v1",
        links: ["https://example.com/v1"],
      }),
    );
    await ok(call(client, "POST", milestoneUrl(contract, 0, "approve")));
    await until(contract.id, (c) => c.milestones[0]?.payout.state === "paid");
    expect(await sandboxPayouts(contract.milestones[0]?.id ?? "")).toEqual([{ amount: 18_000 }]);
    const clientWallet = await walletOf(client);
    expect([clientWallet?.available, clientWallet?.inEscrow]).toEqual([usd(30_000), usd(0)]);
    const adaWallet = await walletOf(ada);
    expect([adaWallet?.payable, adaWallet?.paidOut]).toEqual([usd(0), usd(18_000)]);
    expect(await ledgerProblems([contract.id])).toEqual([]);
  });

  it("holds a payout while a dispute is open; resolved for the client it refunds, the payout then goes", async () => {
    for (const i of [1, 2]) await ok(call(client, "POST", milestoneUrl(contract, i, "fund")));
    await ok(call(ada, "POST", milestoneUrl(contract, 2, "submit"), { note: "part 3" }));
    await ok(call(client, "POST", milestoneUrl(contract, 1, "dispute"), { statement: "Part 2 never came" }));
    const held = await ok<Contract>(call(client, "POST", milestoneUrl(contract, 2, "approve")));
    expect(held.milestones[2]?.payout.state).toBe("paused");
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(await sandboxPayouts(contract.milestones[2]?.id ?? "")).toEqual([]);
    const resolved = await ok<Contract>(
      call(admin, "POST", milestoneUrl(contract, 1, "resolve"), { favor: "client" }),
    );
    expect(resolved.milestones[1]?.state).toBe("refunded");
    await until(contract.id, (c) => c.milestones[2]?.payout.state === "paid");
    expect(await sandboxPayouts(contract.milestones[2]?.id ?? "")).toEqual([{ amount: 2_700 }]);
    expect(await sandboxPayouts(contract.milestones[1]?.id ?? "")).toEqual([]);
  });

  it("resolved for Ada, a dispute pays her", async () => {
    await ok(call(client, "POST", milestoneUrl(contract, 3, "fund")));
    await ok(
      call(ada, "POST", milestoneUrl(contract, 3, "dispute"), { statement: "Work is done, client silent" }),
    );
    await ok(
      call(admin, "POST", milestoneUrl(contract, 3, "resolve"), { favor: "freelancer", note: "Done" }),
    );
    await until(contract.id, (c) => c.milestones[3]?.payout.state === "paid");
    expect(await sandboxPayouts(contract.milestones[3]?.id ?? "")).toEqual([{ amount: 3_600 }]);
  });

  it("cancels with a refund of what was in escrow; the wallets and the ledger add up", async () => {
    await ok(call(client, "POST", milestoneUrl(contract, 4, "fund")));
    const cancelled = await ok<Contract>(
      call(client, "POST", `/v1/contracts/${contract.id}/cancel`, { reason: "Done here" }),
    );
    expect(cancelled.state).toBe("cancelled");
    expect(cancelled.milestones[4]?.state).toBe("refunded");
    const clientWallet = await walletOf(client);
    // 50,000 deposited; parts 1, 3 and 4 paid (27,000); parts 2 and 5 refunded.
    expect([clientWallet?.available, clientWallet?.inEscrow]).toEqual([usd(23_000), usd(0)]);
    const adaWallet = await walletOf(ada);
    expect([adaWallet?.payable, adaWallet?.paidOut]).toEqual([usd(0), usd(18_000 + 2_700 + 3_600)]);
    expect(await sandboxPayouts(contract.milestones[4]?.id ?? "")).toEqual([]);
    expect(await ledgerProblems([contract.id])).toEqual([]);
  });
});
