// POST /v1/contracts/:id/milestones/:milestoneId/compute over HTTP against the real workers process and
// Temporal: the client's top-up reaches the ContractWorkflow (whose fundCompute update refuses a milestone
// without a workspace budget: 409 with its reason), other parties and strangers are refused before it, a bad
// body is a 400, and the attempt is audited. The top-up that raises a running SkillPod's budget is tested end to
// end in workers/test/contract-budget.test.ts (it needs a cluster and the operator).
import type { LightMyRequestResponse } from "fastify";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { expectProblem } from "./app-harness.js";
import { signUp, type SignedIn } from "./callers.js";
import {
  closeOwnerPool,
  depositFor,
  ownerPool,
  roomyLimits,
  startContract,
  type TestContract,
} from "./contracts-fixtures.js";
import { startMoneyStack, type MoneyStack } from "./money-stack.js";

let stack: MoneyStack;
let client: SignedIn;
let freelancer: SignedIn;
let strangerClient: SignedIn;

beforeAll(async () => {
  stack = await startMoneyStack({ appOverrides: roomyLimits("contract-compute") });
  [client, freelancer, strangerClient] = await Promise.all([
    signUp(stack.app, "client"),
    signUp(stack.app, "freelancer"),
    signUp(stack.app, "client"),
  ]);
}, 180_000);

afterAll(async () => {
  await stack?.close();
  await closeOwnerPool();
});

function topUp(who: SignedIn, c: TestContract, payload: unknown): Promise<LightMyRequestResponse> {
  return stack.app.inject({
    method: "POST",
    url: `/v1/contracts/${c.contractId}/milestones/${c.milestoneIds[0] ?? ""}/compute`,
    headers: who.headers,
    payload: payload as Record<string, unknown>,
  });
}

describe("funding compute over HTTP", () => {
  it("is the client's move, refused by the workflow for a milestone without a workspace budget", async () => {
    await depositFor(client.userId, 10_000);
    const c = await startContract(stack.app, {
      clientId: client.userId,
      freelancerId: freelancer.userId,
      amounts: [10_000],
    });
    const fund = await stack.app.inject({
      method: "POST",
      url: `/v1/contracts/${c.contractId}/milestones/${c.milestoneIds[0] ?? ""}/fund`,
      headers: client.headers,
    });
    expect(fund.statusCode, fund.body).toBe(200);

    const refused = await topUp(client, c, { seconds: 3600 });
    expectProblem(refused, 409, "SKP_CONTRACT_INVALID_STATE");
    expect(refused.json<{ detail: string }>().detail).toMatch(/no workspace with a compute budget/);
    expectProblem(await topUp(freelancer, c, { seconds: 3600 }), 403, "SKP_FORBIDDEN");
    expectProblem(await topUp(strangerClient, c, { seconds: 3600 }), 404, "SKP_NOT_FOUND");
    for (const bad of [{ seconds: 0 }, { seconds: 1.5 }, {}, { seconds: 3600, extra: true }])
      expectProblem(await topUp(client, c, bad), 400, "SKP_VALIDATION_FAILED");

    // The audit plugin writes after the response has gone: wait for the row.
    const audited = async (): Promise<string[]> =>
      (
        await ownerPool().query<{ outcome: string }>(
          "SELECT outcome FROM audit_events WHERE actor_id = $1 AND target_id = $2 AND action = $3",
          [
            client.userId,
            c.milestoneIds[0],
            "POST /v1/contracts/:contractId/milestones/:milestoneId/compute",
          ],
        )
      ).rows.map((r) => r.outcome);
    for (let i = 0; i < 50 && (await audited()).length === 0; i += 1) await sleep(100);
    expect((await audited()).length).toBeGreaterThan(0);
  });
});
