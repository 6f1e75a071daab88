// Contract reads over HTTP against the real workers process: the caller's contracts (filtered, a page at a
// time), one contract with its milestones and payouts, its workspaces, and its timeline as one ordered
// feed of moves, money, payouts, workspaces and messages. And a move while Temporal is unreachable: a 503
// that says nothing about Temporal.
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, expectProblem } from "./app-harness.js";
import { signIn, signUp, type SignedIn } from "./callers.js";
import {
  closeOwnerPool,
  depositFor,
  insertContractRows,
  ownerPool,
  roomyLimits,
  startContract,
  untilShown,
  type TestContract,
} from "./contracts-fixtures.js";
import { startMoneyStack, type MoneyStack } from "./money-stack.js";

let stack: MoneyStack;
let client: SignedIn;
let freelancer: SignedIn;
let stranger: SignedIn;
let done: TestContract;
let open: TestContract;

type Page<T> = { items: T[]; nextCursor: string | null };
type Summary = { id: string; state: string; yourPart: string; total: { amountMinor: number } };
type Item = { id: string; at: string; type: string; note: string | null; links: string[]; amount: unknown };

const get = (who: SignedIn, url: string): Promise<LightMyRequestResponse> =>
  stack.app.inject({ method: "GET", url, headers: who.headers });

async function json<T>(response: Promise<LightMyRequestResponse>): Promise<T> {
  const answered = await response;
  expect(answered.statusCode, answered.body).toBe(200);
  return answered.json<T>();
}

async function post(who: SignedIn, url: string, payload?: Record<string, unknown>): Promise<void> {
  const response = await stack.app.inject({
    method: "POST",
    url,
    headers: who.headers,
    ...(payload === undefined ? {} : { payload }),
  });
  expect(response.statusCode, response.body).toBe(200);
}

/** Every page of a cursor-paginated list, `limit` at a time. */
async function allPages<T>(who: SignedIn, url: string, limit: number): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  do {
    const sep = url.includes("?") ? "&" : "?";
    const query: string = `${sep}limit=${limit}${cursor === null ? "" : `&cursor=${cursor}`}`;
    const page: Page<T> = await json<Page<T>>(get(who, `${url}${query}`));
    expect(page.items.length).toBeLessThanOrEqual(limit);
    items.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return items;
}

beforeAll(async () => {
  stack = await startMoneyStack({ appOverrides: roomyLimits("contract-reads") });
  [client, freelancer, stranger] = await Promise.all([
    signUp(stack.app, "client"),
    signUp(stack.app, "freelancer"),
    signUp(stack.app, "client"),
  ]);
  await depositFor(client.userId, 20_000);
  const parties = { clientId: client.userId, freelancerId: freelancer.userId };
  done = await startContract(stack.app, { ...parties, amounts: [10_000] });
  open = await startContract(stack.app, { ...parties, amounts: [4_000, 6_000] });
  const m = `/v1/contracts/${done.contractId}/milestones/${done.milestoneIds[0]}`;
  await post(client, `${m}/fund`);
  await post(freelancer, `${m}/submit`, { note: "Here it is", links: ["https://example.com/a"] });
  await message(done.contractId, freelancer.userId, "Submitted, have a look");
  await post(client, `${m}/approve`);
  await untilShown<{ state: string }>(
    stack.app,
    { contractId: done.contractId, headers: client.headers },
    (v) => v.state === "completed",
  );
}, 180_000);

afterAll(async () => {
  await stack?.close();
  await closeOwnerPool();
});

/** A message in the contract's conversation, as the conversations capability stores it. */
async function message(contractId: string, authorId: string, body: string): Promise<void> {
  const db = ownerPool();
  const conversation = await db.query<{ id: string }>(
    `INSERT INTO conversations (contract_id) VALUES ($1)
     ON CONFLICT (contract_id) DO UPDATE SET contract_id = EXCLUDED.contract_id RETURNING id`,
    [contractId],
  );
  await db.query("INSERT INTO messages (conversation_id, author_id, body) VALUES ($1, $2, $3)", [
    conversation.rows[0]?.id,
    authorId,
    body,
  ]);
}

describe("contract reads", () => {
  it("lists the caller's contracts newest first, by state, a page at a time; strangers see none", async () => {
    const mine = await allPages<Summary>(client, "/v1/contracts", 1);
    const ids = mine.map((c) => c.id);
    expect(ids.indexOf(open.contractId)).toBeLessThan(ids.indexOf(done.contractId));
    expect(ids.indexOf(done.contractId)).toBeGreaterThanOrEqual(0);
    const completed = await json<Page<Summary>>(get(freelancer, "/v1/contracts?state=completed"));
    expect(completed.items.map((c) => c.id)).toEqual([done.contractId]);
    expect(completed.items[0]?.yourPart).toBe("freelancer");
    expect(completed.items[0]?.total).toEqual({ amountMinor: 10_000, currency: "USD" });
    const theirs = await json<Page<Summary>>(get(stranger, "/v1/contracts"));
    expect(theirs.items).toEqual([]);
    expectProblem(await get(client, "/v1/contracts?cursor=bm9wZQ"), 422, "SKP_VALIDATION_FAILED");
  });

  it("shows one contract with its milestones, amounts, due dates and payout states", async () => {
    const view = await json<{
      state: string;
      total: unknown;
      milestones: { state: string; amount: unknown; dueAt: string; payout: { state: string } }[];
    }>(get(client, `/v1/contracts/${open.contractId}`));
    expect(view.state).toBe("active");
    expect(view.total).toEqual({ amountMinor: 10_000, currency: "USD" });
    expect(view.milestones.map((m) => [m.state, m.amount, m.payout.state])).toEqual([
      ["pending", { amountMinor: 4_000, currency: "USD" }, "none"],
      ["pending", { amountMinor: 6_000, currency: "USD" }, "none"],
    ]);
    expect(Date.parse(view.milestones[0]?.dueAt ?? "")).toBeGreaterThan(Date.now());
  });

  it("lists a contract's payouts with gross, fee and net", async () => {
    const payouts = await json<{ items: { state: string; gross: unknown; fee: unknown; net: unknown }[] }>(
      get(freelancer, `/v1/contracts/${done.contractId}/payouts`),
    );
    expect(payouts.items).toEqual([
      expect.objectContaining({
        state: "PAID",
        gross: { amountMinor: 10_000, currency: "USD" },
        fee: { amountMinor: 1_000, currency: "USD" },
        net: { amountMinor: 9_000, currency: "USD" },
      }),
    ]);
    expectProblem(await get(stranger, `/v1/contracts/${done.contractId}/payouts`), 404, "SKP_NOT_FOUND");
  });

  it("lists a contract's workspaces, none before any SkillPod exists", async () => {
    expect(await json(get(client, `/v1/contracts/${open.contractId}/workspace`))).toEqual({ items: [] });
    await ownerPool().query(
      `INSERT INTO workspaces (contract_id, milestone_id, namespace, name, state, ready_at)
       VALUES ($1, $2, 'tenant-test', $3, 'Running', now())`,
      [open.contractId, open.milestoneIds[0], `sp-${open.contractId}`.slice(0, 60)],
    );
    const listed = await json<{ items: { milestoneId: string; state: string }[] }>(
      get(freelancer, `/v1/contracts/${open.contractId}/workspace`),
    );
    expect(listed.items.map((w) => [w.milestoneId, w.state])).toEqual([[open.milestoneIds[0], "Running"]]);
    const timeline = await json<Page<Item>>(get(client, `/v1/contracts/${open.contractId}/timeline`));
    expect(timeline.items.map((i) => i.type)).toEqual(["workspace.ready"]);
  });

  it("gives one timeline, oldest first, of moves, money, payouts and messages, the same in pages", async () => {
    const whole = await json<Page<Item>>(get(client, `/v1/contracts/${done.contractId}/timeline`));
    const types = whole.items.map((i) => i.type);
    const order = [
      "contract.funded",
      "contract.submitted",
      "message.created",
      "contract.approved",
      "money.released",
      "money.paid",
      "payout.paid",
    ];
    expect(types.filter((t) => order.includes(t))).toEqual(order);
    expect(types).toContain("money.funded");
    expect(types.indexOf("money.funded")).toBeLessThan(types.indexOf("contract.submitted"));
    const ats = whole.items.map((i) => Date.parse(i.at));
    expect([...ats].sort((a, b) => a - b)).toEqual(ats);
    const submitted = whole.items.find((i) => i.type === "contract.submitted");
    expect(submitted?.note).toBe("Here it is");
    expect(submitted?.links).toEqual(["https://example.com/a"]);
    expect(whole.items.find((i) => i.type === "money.released")?.amount).toEqual({
      amountMinor: 10_000,
      currency: "USD",
    });
    expect(whole.items.find((i) => i.type === "payout.paid")?.amount).toEqual({
      amountMinor: 9_000,
      currency: "USD",
    });
    const paged = await allPages<Item>(client, `/v1/contracts/${done.contractId}/timeline`, 2);
    expect(paged).toEqual(whole.items);
    expectProblem(await get(stranger, `/v1/contracts/${done.contractId}/timeline`), 404, "SKP_NOT_FOUND");
  });
});

describe("Temporal unreachable", () => {
  let lonely: FastifyInstance;
  beforeAll(async () => {
    lonely = await buildTestApp({ TEMPORAL_ADDRESS: "127.0.0.1:9", ...roomyLimits("contract-reads-lonely") });
  });
  afterAll(async () => {
    await lonely?.close();
  });

  it("answers a move with a 503 that names neither Temporal nor the workflow", async () => {
    const terms = {
      ...open.terms,
      contractId: `${open.contractId}-x`,
      milestones: [{ id: `${open.contractId}-x-m1`, title: "One", amountMinor: 100 }],
    };
    await insertContractRows(stack.app, terms);
    // Signing keys are per app: the caller signs in on this one.
    const caller = await signIn(lonely, client, "client");
    const response = await lonely.inject({
      method: "POST",
      url: `/v1/contracts/${terms.contractId}/milestones/${terms.milestones[0]?.id}/fund`,
      headers: caller.headers,
    });
    expectProblem(response, 503, "SKP_CONTRACTS_UNAVAILABLE");
    expect(response.body).not.toMatch(/temporal|workflow|grpc|14 UNAVAILABLE/i);
  }, 120_000);
});
