// Contract moves over HTTP against the real workers process, Temporal and the payment sandbox: each move's
// happy path, the workflow's refusals as problem+json (403 wrong party, 409 wrong state, 402 insufficient
// funds, 404 for strangers and unknown milestones), money that moves once however often a fund is retried,
// disputes resolved by an admin both ways, cancel with refund, and changes requested then resubmitted.
import { liveStreamKey, type LiveEvent } from "@skillpod/live-events";
import type { LightMyRequestResponse } from "fastify";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem } from "./app-harness.js";
import { signIn, signUp, type SignedIn } from "./callers.js";
import {
  closeOwnerPool,
  depositFor,
  escrowBalance,
  ledgerCount,
  ledgerProblems,
  ownerPool,
  sandboxPayouts,
  roomyLimits,
  startContract,
  untilShown,
  untilContract,
  walletBalance,
  type TestContract,
} from "./contracts-fixtures.js";
import { startMoneyStack, type MoneyStack } from "./money-stack.js";

let stack: MoneyStack;
let client: SignedIn;
let freelancer: SignedIn;
let admin: SignedIn;
let strangerClient: SignedIn;
const contractIds: string[] = [];

type Milestone = { id: string; state: string; payout: { state: string }; autoApproveAt: string | null };
type Contract = { id: string; state: string; yourPart: string; milestones: Milestone[] };

beforeAll(async () => {
  stack = await startMoneyStack({ appOverrides: roomyLimits("contracts") });
  [client, freelancer, admin, strangerClient] = await Promise.all([
    signUp(stack.app, "client"),
    signUp(stack.app, "freelancer"),
    signUp(stack.app, "admin"),
    signUp(stack.app, "client"),
  ]);
}, 180_000);

afterAll(async () => {
  await stack?.close();
  await closeOwnerPool();
});

async function contract(amounts?: number[], deposit = 0): Promise<TestContract> {
  if (deposit > 0) await depositFor(client.userId, deposit);
  const made = await startContract(stack.app, {
    clientId: client.userId,
    freelancerId: freelancer.userId,
    ...(amounts ? { amounts } : {}),
  });
  contractIds.push(made.contractId);
  return made;
}

function move(
  who: SignedIn,
  c: TestContract,
  action: string,
  payload?: Record<string, unknown>,
  milestone = 0,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  const path =
    action === "cancel" ? "cancel" : `milestones/${c.milestoneIds[milestone] ?? "missing"}/${action}`;
  return stack.app.inject({
    method: "POST",
    url: `/v1/contracts/${c.contractId}/${path}`,
    headers: { ...who.headers, ...headers },
    ...(payload ? { payload } : {}),
  });
}

function ok(response: LightMyRequestResponse): Contract {
  expect(response.statusCode, response.body).toBe(200);
  return response.json<Contract>();
}

const read = async (who: SignedIn, c: TestContract, tail = ""): Promise<LightMyRequestResponse> =>
  stack.app.inject({ method: "GET", url: `/v1/contracts/${c.contractId}${tail}`, headers: who.headers });

const submission = { note: "Done: see the links", links: ["https://example.com/deliverable"] };

async function eventsOf(contractId: string): Promise<{ kind: string; actor_id: string; note: string }[]> {
  const found = await ownerPool().query<{ kind: string; actor_id: string; note: string }>(
    "SELECT kind, actor_id, note FROM contract_events WHERE contract_id = $1 ORDER BY id",
    [contractId],
  );
  return found.rows;
}

/**
 * The moves announced on a user's live stream for this contract (contract.changed with the move's kind; the
 * workers announce each recorded state too, without one).
 */
async function liveChanges(userId: string, contractId: string): Promise<string[]> {
  const entries = await stack.app.redis.xrange(liveStreamKey(userId), "-", "+");
  return entries
    .map(([, fields]) => JSON.parse(fields[fields.indexOf("event") + 1] ?? "{}") as LiveEvent)
    .filter((e) => e.type === "contract.changed" && e.data.contractId === contractId && "kind" in e.data)
    .map((e) => String(e.data.kind));
}

describe("funding", () => {
  it("funds a milestone from the client's wallet into escrow and records who did it", async () => {
    const c = await contract([10_000], 25_000);
    const before = await walletBalance(client.userId);
    const funded = ok(await move(client, c, "fund"));
    expect(funded.milestones[0]?.state).toBe("in_progress");
    expect(funded.yourPart).toBe("client");
    expect(await walletBalance(client.userId)).toBe(before - 10_000);
    expect(await escrowBalance(c.contractId)).toBe(10_000);
    expect(await eventsOf(c.contractId)).toEqual([{ kind: "funded", actor_id: client.userId, note: "" }]);
    // The audit plugin writes after the response has gone: wait for the row.
    const auditOf = async (): Promise<{ action: string; outcome: string }[]> =>
      (
        await ownerPool().query<{ action: string; outcome: string }>(
          "SELECT action, outcome FROM audit_events WHERE actor_id = $1 AND target_id = $2",
          [client.userId, c.milestoneIds[0]],
        )
      ).rows;
    for (let i = 0; i < 50 && (await auditOf()).length === 0; i += 1) await sleep(100);
    expect(await auditOf()).toEqual([
      { action: "POST /v1/contracts/:contractId/milestones/:milestoneId/fund", outcome: "success" },
    ]);
    for (const party of [client, freelancer])
      expect(await liveChanges(party.userId, c.contractId), party.role).toEqual(["funded"]);
    expect(await liveChanges(strangerClient.userId, c.contractId)).toEqual([]);
  });

  it("moves money once when a fund is retried: the second is a 409, the ledger has one FUND_ESCROW", async () => {
    const c = await contract([7_000], 7_000);
    const first = await move(client, c, "fund");
    const again = await move(client, c, "fund");
    ok(first);
    expectProblem(again, 409, "SKP_CONTRACT_INVALID_STATE");
    expect(await ledgerCount(c.milestoneIds[0] ?? "", "FUND_ESCROW")).toBe(1);
    expect(await escrowBalance(c.contractId)).toBe(7_000);
  });

  it("answers a retried fund with the same Idempotency-Key with the first answer, moving money once", async () => {
    const c = await contract([3_000], 3_000);
    const headers = { "idempotency-key": `fund-${randomUUID()}` };
    const first = ok(await move(client, c, "fund", undefined, 0, headers));
    const second = ok(await move(client, c, "fund", undefined, 0, headers));
    expect(second).toEqual(first);
    expect(await ledgerCount(c.milestoneIds[0] ?? "", "FUND_ESCROW")).toBe(1);
    const otherMove = await move(client, c, "approve", undefined, 0, headers);
    expectProblem(otherMove, 422, "SKP_IDEMPOTENCY_KEY_REUSED");
  });

  it("refuses a fund the wallet cannot cover with 402 SKP_INSUFFICIENT_FUNDS, moving nothing", async () => {
    const c = await contract([900_000_000]);
    expectProblem(await move(client, c, "fund"), 402, "SKP_INSUFFICIENT_FUNDS");
    expect(await ledgerCount(c.milestoneIds[0] ?? "", "FUND_ESCROW")).toBe(0);
    const view = ok(await read(client, c));
    expect(view.milestones[0]?.state).toBe("pending");
  });
});

describe("refusals", () => {
  it("refuses the wrong party with 403 and the wrong state with 409, and hides the contract from strangers", async () => {
    const c = await contract([2_000], 2_000);
    expectProblem(await move(freelancer, c, "fund"), 403, "SKP_FORBIDDEN");
    expectProblem(await move(client, c, "submit", submission), 403, "SKP_FORBIDDEN");
    expectProblem(await move(client, c, "approve"), 409, "SKP_CONTRACT_INVALID_STATE");
    expectProblem(await move(strangerClient, c, "fund"), 404, "SKP_NOT_FOUND");
    expectProblem(await read(strangerClient, c), 404, "SKP_NOT_FOUND");
    expectProblem(await read(admin, c), 404, "SKP_NOT_FOUND");
    expectProblem(await move(admin, c, "resolve", { favor: "client" }), 409, "SKP_CONTRACT_INVALID_STATE");
    const unknown = await stack.app.inject({
      method: "POST",
      url: `/v1/contracts/${c.contractId}/milestones/${c.contractId}-m9/fund`,
      headers: client.headers,
    });
    expectProblem(unknown, 404, "SKP_CONTRACT_UNKNOWN_MILESTONE");
    expectProblem(
      await stack.app.inject({
        method: "POST",
        url: "/v1/contracts/c-nope/cancel",
        headers: client.headers,
        payload: { reason: "x" },
      }),
      404,
      "SKP_NOT_FOUND",
    );
  });

  it("refuses a party in the other's part with the workflow's 403 SKP_CONTRACT_WRONG_PARTY", async () => {
    // A freelancer who also holds the client role passes the route's role check: the contract decides.
    const both = await signUp(stack.app, "freelancer");
    await ownerPool().query("UPDATE users SET roles = ARRAY['freelancer', 'client'] WHERE id = $1", [
      both.userId,
    ]);
    const made = await startContract(stack.app, { clientId: client.userId, freelancerId: both.userId });
    const again = await signIn(stack.app, both, "client");
    const response = await stack.app.inject({
      method: "POST",
      url: `/v1/contracts/${made.contractId}/milestones/${made.milestoneIds[0]}/fund`,
      headers: again.headers,
    });
    expectProblem(response, 403, "SKP_CONTRACT_WRONG_PARTY");
  });
});

describe("submission and approval", () => {
  it("takes changes requested, a resubmission and an approval that pays the freelancer once", async () => {
    const c = await contract([12_000], 12_000);
    ok(await move(client, c, "fund"));
    const submitted = ok(await move(freelancer, c, "submit", submission));
    expect(submitted.milestones[0]?.state).toBe("submitted");
    expect(submitted.milestones[0]?.autoApproveAt).not.toBeNull();
    const changes = ok(await move(client, c, "request-changes", { reason: "The header is off" }));
    expect(changes.milestones[0]?.state).toBe("changes_requested");
    expectProblem(await move(client, c, "approve"), 409, "SKP_CONTRACT_INVALID_STATE");
    ok(await move(freelancer, c, "submit", { note: "Fixed the header" }));
    const approved = ok(await move(client, c, "approve"));
    expect(approved.milestones[0]?.state).toBe("approved");
    const view = await untilShown<Contract>(
      stack.app,
      { contractId: c.contractId, headers: freelancer.headers },
      (v) => v.state === "completed",
    );
    expect(view.milestones[0]?.payout.state).toBe("paid");
    expect(await sandboxPayouts(c.milestoneIds[0] ?? "")).toEqual([{ amount: 10_800 }]);
    expect((await eventsOf(c.contractId)).map((e) => e.kind)).toEqual([
      "funded",
      "submitted",
      "changes_requested",
      "submitted",
      "approved",
    ]);
    expect(await ledgerProblems([c.contractId])).toEqual([]);
  });
});

describe("disputes", () => {
  it("pauses payouts while a dispute is open, and an admin resolves it for the freelancer (paid)", async () => {
    const c = await contract([6_000, 4_000], 10_000);
    ok(await move(client, c, "fund", undefined, 0));
    ok(await move(client, c, "fund", undefined, 1));
    ok(await move(freelancer, c, "submit", submission, 1));
    const disputed = ok(
      await move(client, c, "dispute", {
        statement: "Not what we agreed",
        evidence: ["https://example.com/e"],
      }),
    );
    expect(disputed.milestones[0]?.state).toBe("disputed");
    // Approved during the dispute: its payout waits.
    const approved = ok(await move(client, c, "approve", undefined, 1));
    expect(approved.milestones[1]?.payout.state).toBe("paused");
    const asAdmin = ok(await read(admin, c));
    expect(asAdmin.yourPart).toBe("admin");
    const audited = await ownerPool().query<{ action: string }>(
      "SELECT action FROM audit_events WHERE actor_id = $1 AND target_id = $2",
      [admin.userId, c.contractId],
    );
    expect(audited.rows.map((r) => r.action)).toEqual(["GET /v1/contracts/:contractId"]);
    expectProblem(await move(client, c, "resolve", { favor: "client" }), 403, "SKP_FORBIDDEN");
    const resolved = ok(
      await move(admin, c, "resolve", { favor: "freelancer", note: "Delivered as agreed" }),
    );
    expect(resolved.milestones[0]?.state).toBe("approved");
    await untilContract(stack.app, c.contractId, (v) => v.phase === "completed");
    expect(await sandboxPayouts(c.milestoneIds[0] ?? "")).toEqual([{ amount: 5_400 }]);
    expect(await sandboxPayouts(c.milestoneIds[1] ?? "")).toEqual([{ amount: 3_600 }]);
    expect(await ledgerProblems([c.contractId])).toEqual([]);
  });

  it("resolved for the client, refunds the milestone into the client's wallet", async () => {
    const c = await contract([8_000], 8_000);
    ok(await move(client, c, "fund"));
    const before = await walletBalance(client.userId);
    ok(await move(freelancer, c, "dispute", { statement: "The client went silent" }));
    const resolved = ok(await move(admin, c, "resolve", { favor: "client" }));
    expect(resolved.milestones[0]?.state).toBe("refunded");
    expect(await walletBalance(client.userId)).toBe(before + 8_000);
    expect(await escrowBalance(c.contractId)).toBe(0);
    expect(await sandboxPayouts(c.milestoneIds[0] ?? "")).toEqual([]);
  });
});

describe("cancel", () => {
  it("refunds funded milestones and restores the wallet", async () => {
    const c = await contract([5_000, 5_000], 5_000);
    const before = await walletBalance(client.userId);
    ok(await move(client, c, "fund"));
    expect(await walletBalance(client.userId)).toBe(before - 5_000);
    const cancelled = ok(await move(freelancer, c, "cancel", { reason: "Cannot take it on after all" }));
    expect(cancelled.state).toBe("cancelled");
    expect(cancelled.milestones.map((m) => m.state)).toEqual(["refunded", "cancelled"]);
    expect(await walletBalance(client.userId)).toBe(before);
    expectProblem(await move(client, c, "cancel", { reason: "again" }), 409, "SKP_CONTRACT_INVALID_STATE");
    expect(await ledgerProblems([c.contractId])).toEqual([]);
  });
});
