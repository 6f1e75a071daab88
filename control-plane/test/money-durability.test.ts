// A workers process killed mid-approval still pays once. Ten funded and submitted contracts are approved
// over HTTP while the real workers process is SIGKILLed from outside at random moments and kills itself at
// failpoints (after the escrow release is committed but before the provider is called, and after the
// provider paid but before the ledger settled); its supervisor restarts it each time. An approval the API
// could not finish (503) is retried with the same Idempotency-Key, as a client would. Afterwards the
// sandbox holds exactly one payout per milestone, every payout row is PAID and the ledger is clean.
import type { LightMyRequestResponse } from "fastify";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, type SignedIn } from "./callers.js";
import {
  closeOwnerPool,
  depositFor,
  escrowBalance,
  ledgerProblems,
  ownerPool,
  roomyLimits,
  sandboxPayouts,
  startContract,
  untilShown,
  type TestContract,
} from "./contracts-fixtures.js";
import { startMoneyStack, type MoneyStack } from "./money-stack.js";

const count = Number(process.env.DURABILITY_CONTRACTS ?? 10);
let stack: MoneyStack;
let client: SignedIn;
let freelancer: SignedIn;

beforeAll(async () => {
  stack = await startMoneyStack({
    failpoints: "after-escrow-release:0.3,after-provider-call:0.2",
    appOverrides: roomyLimits("money-durability"),
  });
  [client, freelancer] = await Promise.all([signUp(stack.app, "client"), signUp(stack.app, "freelancer")]);
}, 180_000);

afterAll(async () => {
  await stack?.close();
  await closeOwnerPool();
});

const url = (c: TestContract, action: string): string =>
  `/v1/contracts/${c.contractId}/milestones/${c.milestoneIds[0]}/${action}`;

function post(
  who: SignedIn,
  path: string,
  payload?: Record<string, unknown>,
  key?: string,
): Promise<LightMyRequestResponse> {
  return stack.app.inject({
    method: "POST",
    url: path,
    headers: { ...who.headers, ...(key === undefined ? {} : { "idempotency-key": key }) },
    ...(payload === undefined ? {} : { payload }),
  });
}

async function submitted(index: number): Promise<TestContract> {
  const c = await startContract(stack.app, {
    clientId: client.userId,
    freelancerId: freelancer.userId,
    amounts: [1_000 + index],
  });
  expect((await post(client, url(c, "fund"))).statusCode).toBe(200);
  expect((await post(freelancer, url(c, "submit"), { note: `part ${index}` })).statusCode).toBe(200);
  return c;
}

/** Approves as a client would: retries a 503 with the same key; a 409 then means an earlier try got in. */
async function approve(c: TestContract): Promise<number> {
  const key = `approve-${randomUUID()}`;
  for (let attempt = 1; ; attempt += 1) {
    const response = await post(client, url(c, "approve"), undefined, key);
    if (response.statusCode !== 503 || attempt >= 10) return response.statusCode;
    await sleep(1_000);
  }
}

/** Kills a worker that has been up for 1-4 s (a younger one gets no work done), up to `kills` times. */
async function chaos(until: () => boolean, kills: number): Promise<void> {
  for (let done = 0; done < kills && !until();) {
    while (!stack.workers.ready && !until()) await sleep(100);
    await sleep(1_000 + Math.random() * 3_000);
    if (!until() && stack.workers.kill()) done += 1;
  }
}

describe("durability over HTTP", () => {
  it(`pays ${count} milestones approved over HTTP exactly once while the workers process is killed`, async () => {
    await depositFor(client.userId, 2_000 * count);
    const all: TestContract[] = [];
    for (let i = 0; i < count; i += 1) all.push(await submitted(i));

    let settled = false;
    const chaosRun = chaos(() => settled, 4);
    // Spread over ~10 s, so kills land while approvals are in flight, not only after them.
    const statuses = await Promise.all(
      all.map(async (c, i) => {
        await sleep(i * 1_000);
        return approve(c);
      }),
    );
    // Over HTTP (the database), not the workflow's query: a query times out while no worker runs.
    await Promise.all(
      all.map((c) =>
        untilShown<{ milestones: { payout: { state: string } }[] }>(
          stack.app,
          { contractId: c.contractId, headers: client.headers },
          (v) => v.milestones[0]?.payout.state === "paid",
          300_000,
        ),
      ),
    );
    settled = true;
    await chaosRun;

    const stats = stack.workers.stats;
    console.log(`money durability: ${JSON.stringify(stats)} statuses ${JSON.stringify(statuses)}`);
    for (const status of statuses) expect([200, 409]).toContain(status);
    expect(
      stats.externalKills + Object.values(stats.failpoints).reduce((a, b) => a + b, 0),
    ).toBeGreaterThanOrEqual(3);
    for (const c of all) {
      const gross = c.terms.milestones[0]?.amountMinor ?? 0;
      const net = gross - Math.floor((gross * c.terms.platformFeeBps) / 10_000);
      expect(await sandboxPayouts(c.milestoneIds[0] ?? ""), c.contractId).toEqual([{ amount: net }]);
      expect(await escrowBalance(c.contractId)).toBe(0);
    }
    const rows = await ownerPool().query<{ state: string; n: string }>(
      "SELECT state, count(*)::text AS n FROM payouts WHERE contract_id = ANY($1) GROUP BY state",
      [all.map((c) => c.contractId)],
    );
    expect(rows.rows).toEqual([{ state: "PAID", n: String(count) }]);
    const approvals = await ownerPool().query<{ n: string }>(
      "SELECT count(*)::text AS n FROM contract_events WHERE contract_id = ANY($1) AND kind = 'approved'",
      [all.map((c) => c.contractId)],
    );
    // An approval whose answer was lost (503) and whose retry found it made (409) has no event: one per 200.
    expect(Number(approvals.rows[0]?.n)).toBe(statuses.filter((s) => s === 200).length);
    expect(await ledgerProblems(all.map((c) => c.contractId))).toEqual([]);
  }, 600_000);
});
