// The wallet capability's rows of the authorization matrix. A deposit belongs to its client
// (ctx.users.client), a withdrawal to its freelancer (ctx.users.freelancer); anyone else, admins included,
// gets the 404 a missing one gets. Deposits and withdrawals really run: the matrix has workers.
import { randomUUID } from "node:crypto";
import { payableFor } from "../wallet-fixtures.js";
import { anyUser, get, type Caller, type Entry, type MatrixContext, type Outcome } from "./matrix-types.js";

const onlyRole = (role: "client" | "freelancer"): Record<Caller, Outcome> => ({
  anonymous: 401,
  freelancer: role === "freelancer" ? "ok" : 403,
  client: role === "client" ? "ok" : 403,
  admin: 403,
  auditor: 403,
  service: 403,
});

const ownerOnly = (owner: "client" | "freelancer"): Record<Caller, Outcome> => ({
  anonymous: 401,
  freelancer: owner === "freelancer" ? "ok" : 404,
  client: owner === "client" ? "ok" : 404,
  admin: 404,
  auditor: 404,
  service: 403,
});

/** A finished request row of the user's (as the workflow leaves it), so reading it starts nothing. */
async function insertRequest(
  ctx: MatrixContext,
  table: "deposits" | "withdrawals",
  userId: string,
): Promise<string> {
  const id = randomUUID();
  const prefix = table === "deposits" ? "deposit" : "withdrawal";
  await ctx.app.pg.query(
    `INSERT INTO ${table} (id, user_id, idempotency_key, amount_minor, currency, state, workflow_id, completed_at)
     VALUES ($1, $2, $3, 100, 'USD', 'SUCCEEDED', $4, now())`,
    [id, userId, `matrix-${id}`, `${prefix}-${id}`],
  );
  return id;
}

export const walletMatrix: Record<string, Entry> = {
  "GET /v1/wallet": { request: get("/v1/wallet"), expect: anyUser },
  "GET /v1/wallet/transactions": { request: get("/v1/wallet/transactions"), expect: anyUser },
  "POST /v1/wallet/deposits": {
    request: () => ({
      method: "POST",
      url: "/v1/wallet/deposits",
      headers: { "idempotency-key": randomUUID() },
      payload: { amount: { amountMinor: 100, currency: "USD" } },
    }),
    expect: onlyRole("client"),
  },
  "GET /v1/wallet/deposits/:depositId": {
    request: (call) => ({ method: "GET", url: `/v1/wallet/deposits/${call.params.depositId}` }),
    expect: ownerOnly("client"),
    object: {
      create: async (ctx) => ({ depositId: await insertRequest(ctx, "deposits", ctx.users.client.userId) }),
      stranger: { role: "client", expect: 404 },
    },
  },
  "POST /v1/wallet/withdrawals": {
    request: async (call) => {
      // Payable funds for a caller who may withdraw; the others are refused before any balance counts.
      if (call.user?.role === "freelancer") await payableFor(call.user.userId, 100, "USD", call.ctx.app.pg);
      return {
        method: "POST",
        url: "/v1/wallet/withdrawals",
        headers: { "idempotency-key": randomUUID() },
        payload: { amount: { amountMinor: 100, currency: "USD" } },
      };
    },
    expect: onlyRole("freelancer"),
  },
  "GET /v1/wallet/withdrawals/:withdrawalId": {
    request: (call) => ({ method: "GET", url: `/v1/wallet/withdrawals/${call.params.withdrawalId}` }),
    expect: ownerOnly("freelancer"),
    object: {
      create: async (ctx) => ({
        withdrawalId: await insertRequest(ctx, "withdrawals", ctx.users.freelancer.userId),
      }),
      stranger: { role: "freelancer", expect: 404 },
    },
  },
};
