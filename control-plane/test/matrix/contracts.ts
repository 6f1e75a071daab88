// The contracts capability's rows of the authorization matrix. A contract's parties are its client
// (ctx.users.client) and its freelancer (ctx.users.freelancer); an admin is one only to resolve a dispute
// and to read a disputed contract; anyone else gets the 404 a missing one gets. Every object is a contract's
// rows, as offer acceptance writes them; the matrix runs beside the real workers process, and for a caller
// who is allowed the move, its workflow is started and brought to the state in which the move is valid
// (funded, submitted, disputed…), so the allowed move really happens. Refused callers are refused from the
// rows alone (role, then party), before any workflow is asked.
import type { Actor, ContractTerms } from "@skillpod/contract-messages";
import { contractTerms, depositFor, insertContractRows, runContract } from "../contracts-fixtures.js";
import type { Call, Caller, Entry, MatrixContext, Outcome, RequestOf } from "./matrix-types.js";

type Stage = "active" | "funded" | "submitted" | "disputed";

const only = (...allowed: Caller[]): Record<Caller, Outcome> => ({
  anonymous: 401,
  freelancer: allowed.includes("freelancer") ? "ok" : 403,
  client: allowed.includes("client") ? "ok" : 403,
  admin: allowed.includes("admin") ? "ok" : 403,
  auditor: 403,
  service: 403,
});

// Admins and auditors are not parties to an undisputed contract: it does not exist for them.
const partiesRead: Record<Caller, Outcome> = {
  anonymous: 401,
  freelancer: "ok",
  client: "ok",
  admin: 404,
  auditor: 404,
  service: 403,
};

const made = new Map<string, ContractTerms>();

/** A fresh contract of ctx.users.client with ctx.users.freelancer: its rows, no workflow yet. */
async function contractRows(ctx: MatrixContext): Promise<Record<string, string>> {
  const terms = contractTerms({
    clientId: ctx.users.client.userId,
    freelancerId: ctx.users.freelancer.userId,
    amounts: [1_000],
  });
  await insertContractRows(ctx.app, terms);
  made.set(terms.contractId, terms);
  return { contractId: terms.contractId, milestoneId: terms.milestones[0]?.id ?? "" };
}

/** Starts the contract's workflow and brings its milestone to `stage`, with the money a fund needs. */
async function bringTo(call: Call, stage: Stage): Promise<void> {
  const terms = made.get(call.params.contractId ?? "");
  if (terms === undefined) throw new Error(`the matrix made no contract ${call.params.contractId}`);
  const { contracts } = call.ctx.app;
  const client: Actor = { userId: terms.clientId, role: "client" };
  const freelancer: Actor = { userId: terms.freelancerId, role: "freelancer" };
  const milestoneId = terms.milestones[0]?.id ?? "";
  await runContract(call.ctx.app, terms);
  await depositFor(terms.clientId, 1_000);
  if (stage !== "active") await contracts.fund(terms.contractId, client, milestoneId);
  if (stage === "submitted") await contracts.submit(terms.contractId, freelancer, milestoneId);
  if (stage === "disputed")
    await contracts.openDispute(terms.contractId, client, milestoneId, "The matrix disputes");
}

/** The move's request, made against a live workflow in `stage` when this caller is expected to succeed. */
const whenAllowed =
  (stage: Stage, expect: Record<Caller, Outcome>, request: RequestOf): RequestOf =>
  async (call) => {
    if (call.caller !== "stranger" && expect[call.caller] === "ok") await bringTo(call, stage);
    return request(call);
  };

const milestoneMove =
  (action: string, payload?: Record<string, unknown>): RequestOf =>
  (call) => ({
    method: "POST",
    url: `/v1/contracts/${call.params.contractId}/milestones/${call.params.milestoneId}/${action}`,
    ...(payload ? { payload } : {}),
  });

const read =
  (tail: string): RequestOf =>
  (call) => ({ method: "GET", url: `/v1/contracts/${call.params.contractId}${tail}` });

const readRow = (tail: string): Entry => ({
  request: read(tail),
  expect: partiesRead,
  object: { create: contractRows, stranger: { role: "client", expect: 404 } },
});

const moveRow = (
  stage: Stage,
  request: RequestOf,
  expect: Record<Caller, Outcome>,
  strangerRole: "client" | "freelancer",
): Entry => ({
  request: whenAllowed(stage, expect, request),
  expect,
  object: { create: contractRows, stranger: { role: strangerRole, expect: 404 } },
});

export const contractsMatrix: Record<string, Entry> = {
  "GET /v1/contracts": {
    request: () => ({ method: "GET", url: "/v1/contracts" }),
    expect: { anonymous: 401, freelancer: "ok", client: "ok", admin: "ok", auditor: "ok", service: 403 },
  },
  "GET /v1/contracts/:contractId": readRow(""),
  "GET /v1/contracts/:contractId/payouts": readRow("/payouts"),
  "GET /v1/contracts/:contractId/workspace": readRow("/workspace"),
  "GET /v1/contracts/:contractId/timeline": readRow("/timeline"),
  "GET /v1/contracts/:contractId/usage": readRow("/usage"),
  "GET /v1/contracts/:contractId/invoice-lines": readRow("/invoice-lines"),
  "POST /v1/contracts/:contractId/milestones/:milestoneId/fund": moveRow(
    "active",
    milestoneMove("fund"),
    only("client"),
    "client",
  ),
  "POST /v1/contracts/:contractId/milestones/:milestoneId/submit": moveRow(
    "funded",
    milestoneMove("submit", { note: "The matrix delivers", links: ["https://example.com/d"] }),
    only("freelancer"),
    "freelancer",
  ),
  "POST /v1/contracts/:contractId/milestones/:milestoneId/approve": moveRow(
    "submitted",
    milestoneMove("approve"),
    only("client"),
    "client",
  ),
  "POST /v1/contracts/:contractId/milestones/:milestoneId/request-changes": moveRow(
    "submitted",
    milestoneMove("request-changes", { reason: "The matrix wants changes" }),
    only("client"),
    "client",
  ),
  "POST /v1/contracts/:contractId/milestones/:milestoneId/dispute": moveRow(
    "funded",
    milestoneMove("dispute", { statement: "The matrix objects", evidence: ["https://example.com/e"] }),
    only("client", "freelancer"),
    "freelancer",
  ),
  // Any admin may resolve any dispute: the stranger is a non-admin, refused by role before any lookup.
  "POST /v1/contracts/:contractId/milestones/:milestoneId/resolve": {
    ...moveRow(
      "disputed",
      milestoneMove("resolve", { favor: "client", note: "The matrix refunds" }),
      only("admin"),
      "client",
    ),
    object: { create: contractRows, stranger: { role: "client", expect: 403 } },
  },
  // The matrix's contracts have no workspace terms: the client passes every access check and the workflow
  // refuses the top-up (409, no workspace with a compute budget); everyone else is refused before it.
  "POST /v1/contracts/:contractId/milestones/:milestoneId/compute": {
    request: async (call) => {
      if (call.caller === "client") await bringTo(call, "funded");
      return milestoneMove("compute", { seconds: 60 })(call);
    },
    expect: { ...only("client"), client: 409 },
    object: { create: contractRows, stranger: { role: "client", expect: 404 } },
  },
  "POST /v1/contracts/:contractId/cancel": moveRow(
    "funded",
    (call) => ({
      method: "POST",
      url: `/v1/contracts/${call.params.contractId}/cancel`,
      payload: { reason: "The matrix cancels" },
    }),
    only("client", "freelancer"),
    "client",
  ),
};
