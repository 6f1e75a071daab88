// An hourly contract's weekly statements (GET /v1/contracts/:id/invoice-lines) over the real API and
// PostgreSQL: invoice_lines rows as the workers' metering writes them, newest week first, amounts in minor
// units with the currency; the contract's 404 for anyone who is not a party.
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, expectProblem } from "./app-harness.js";
import { dropKeysUnder, rateLimitNamespace, signUp, type SignedIn } from "./callers.js";
import { closeOwnerPool, contractTerms, insertContractRows, ownerPool } from "./contracts-fixtures.js";

const limits = rateLimitNamespace("contract-invoices");
let app: FastifyInstance;
let client: SignedIn;
let freelancer: SignedIn;
let stranger: SignedIn;
let contractId: string;

const lines = (who: SignedIn | undefined, id = contractId): Promise<LightMyRequestResponse> =>
  app.inject({ url: `/v1/contracts/${id}/invoice-lines`, headers: who?.headers ?? {} });

async function line(week: string, metered: number, billable: number, amount: number): Promise<void> {
  await ownerPool().query(
    `INSERT INTO invoice_lines (contract_id, week_start, metered_minutes, billable_minutes, amount_minor, currency, capped)
     VALUES ($1, $2, $3, $4, $5, 'EUR', $6)`,
    [contractId, week, metered, billable, amount, billable < metered],
  );
}

beforeAll(async () => {
  app = await buildTestApp({ RATE_LIMIT_NAMESPACE: limits });
  [client, freelancer, stranger] = await Promise.all([
    signUp(app, "client"),
    signUp(app, "freelancer"),
    signUp(app, "client"),
  ]);
  const terms = contractTerms({ clientId: client.userId, freelancerId: freelancer.userId, amounts: [1_000] });
  await insertContractRows(app, terms);
  contractId = terms.contractId;
  await line("2026-11-02", 300, 300, 25_000);
  await line("2026-11-09", 2_700, 2_400, 200_000);
}, 60_000);

afterAll(async () => {
  await dropKeysUnder(app.redis, limits);
  await app?.close();
  await closeOwnerPool();
});

describe("GET /v1/contracts/:contractId/invoice-lines", () => {
  it("gives both parties every week's statement, newest first", async () => {
    for (const party of [client, freelancer]) {
      const response = await lines(party);
      expect(response.statusCode, response.body).toBe(200);
      const { items } = response.json<{ items: Record<string, unknown>[] }>();
      for (const item of items) expect(Date.parse(String(item.updatedAt))).toBeGreaterThan(0);
      expect(items.map((item) => ({ ...item, updatedAt: "x" }))).toEqual([
        {
          weekStart: "2026-11-09",
          meteredMinutes: 2_700,
          billableMinutes: 2_400,
          amount: { amountMinor: 200_000, currency: "EUR" },
          capped: true,
          updatedAt: "x",
        },
        {
          weekStart: "2026-11-02",
          meteredMinutes: 300,
          billableMinutes: 300,
          amount: { amountMinor: 25_000, currency: "EUR" },
          capped: false,
          updatedAt: "x",
        },
      ]);
    }
  });

  it("is the missing contract's 404 for a stranger, 401 without a sign-in", async () => {
    expectProblem(await lines(stranger), 404, "SKP_NOT_FOUND");
    expectProblem(await lines(client, "c-no-such-contract"), 404, "SKP_NOT_FOUND");
    expectProblem(await lines(undefined), 401, "SKP_UNAUTHENTICATED");
  });
});
