// A contract's metered workspace time per UTC day (GET /v1/contracts/:id/usage) over the real API and
// PostgreSQL: usage_records rows as the workers' metering writes them, spread over the days they cover
// (a period across midnight counts on both days in proportion), every day of the range present, and the
// contract's 404 for anyone who is not a party.
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, expectProblem } from "./app-harness.js";
import { dropKeysUnder, rateLimitNamespace, signUp, type SignedIn } from "./callers.js";
import { closeOwnerPool, contractTerms, insertContractRows, ownerPool } from "./contracts-fixtures.js";

const limits = rateLimitNamespace("contract-usage");
let app: FastifyInstance;
let client: SignedIn;
let freelancer: SignedIn;
let stranger: SignedIn;
let admin: SignedIn;
let contractId: string;

type Usage = {
  contractId: string;
  from: string;
  to: string;
  totalSeconds: number;
  days: { date: string; runningSeconds: number; skillPods: { name: string; runningSeconds: number }[] }[];
};

const usage = (who: SignedIn | undefined, query = "", id = contractId): Promise<LightMyRequestResponse> =>
  app.inject({ url: `/v1/contracts/${id}/usage${query}`, headers: who?.headers ?? {} });

async function record(name: string, start: string, end: string, seconds: number): Promise<void> {
  await ownerPool().query(
    `INSERT INTO usage_records (contract_id, skillpod_uid, skillpod_name, period_start, period_end, running_seconds)
     VALUES ($1, $2, $3, $4, $5, $6)`,
    [contractId, `uid-${contractId}-${name}`, name, start, end, seconds],
  );
}

beforeAll(async () => {
  app = await buildTestApp({ RATE_LIMIT_NAMESPACE: limits });
  [client, freelancer, stranger, admin] = await Promise.all([
    signUp(app, "client"),
    signUp(app, "freelancer"),
    signUp(app, "client"),
    signUp(app, "admin"),
  ]);
  const terms = contractTerms({ clientId: client.userId, freelancerId: freelancer.userId, amounts: [1_000] });
  await insertContractRows(app, terms);
  contractId = terms.contractId;
  // Half an hour each side of midnight, then ten minutes of a second SkillPod, then a day outside the range.
  await record("ws-a", "2026-11-02T23:30:00Z", "2026-11-03T00:30:00Z", 3600);
  await record("ws-b", "2026-11-03T10:00:00Z", "2026-11-03T10:10:00Z", 600);
  await record("ws-a", "2026-11-03T10:00:00Z", "2026-11-03T10:05:00Z", 300);
  await record("ws-a", "2026-11-20T10:00:00Z", "2026-11-20T11:00:00Z", 3600);
}, 60_000);

afterAll(async () => {
  await dropKeysUnder(app.redis, limits);
  await app?.close();
  await closeOwnerPool();
});

describe("GET /v1/contracts/:contractId/usage", () => {
  it("gives both parties the running time of every day in the range, per SkillPod", async () => {
    for (const party of [client, freelancer]) {
      const response = await usage(party, "?from=2026-11-01&to=2026-11-04");
      expect(response.statusCode, response.body).toBe(200);
      const body = response.json<Usage>();
      expect(body).toMatchObject({ contractId, from: "2026-11-01", to: "2026-11-04", totalSeconds: 4500 });
      expect(body.days).toEqual([
        { date: "2026-11-01", runningSeconds: 0, skillPods: [] },
        { date: "2026-11-02", runningSeconds: 1800, skillPods: [{ name: "ws-a", runningSeconds: 1800 }] },
        {
          date: "2026-11-03",
          runningSeconds: 2700,
          skillPods: [
            { name: "ws-a", runningSeconds: 2100 },
            { name: "ws-b", runningSeconds: 600 },
          ],
        },
        { date: "2026-11-04", runningSeconds: 0, skillPods: [] },
      ]);
    }
  });

  it("defaults to the last 30 days ending today (UTC)", async () => {
    const response = await usage(client);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json<Usage>();
    expect(body.days).toHaveLength(30);
    expect(body.to).toBe(new Date().toISOString().slice(0, 10));
    expect(body.days.at(-1)?.date).toBe(body.to);
  });

  it("refuses a range that is backwards or longer than 366 days, and a date that is not one", async () => {
    expectProblem(await usage(client, "?from=2026-11-05&to=2026-11-04"), 422, "SKP_VALIDATION_FAILED");
    expectProblem(await usage(client, "?from=2025-01-01&to=2026-11-04"), 422, "SKP_VALIDATION_FAILED");
    expectProblem(await usage(client, "?from=yesterday"), 400, "SKP_VALIDATION_FAILED");
  });

  it("is the missing contract's 404 for a stranger and an admin (no dispute), 401 without a sign-in", async () => {
    expectProblem(await usage(stranger), 404, "SKP_NOT_FOUND");
    expectProblem(await usage(admin), 404, "SKP_NOT_FOUND");
    expectProblem(await usage(client, "", "c-no-such-contract"), 404, "SKP_NOT_FOUND");
    expectProblem(await usage(undefined), 401, "SKP_UNAUTHENTICATED");
  });
});
