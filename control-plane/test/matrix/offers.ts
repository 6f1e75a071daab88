// The offers capability's rows of the authorization matrix. An offer's parties are the job's owner who made
// it (ctx.users.client) and the proposal's author it was made to (ctx.users.freelancer); anyone else, admins
// included, gets the 404 a missing one gets. The matrix runs beside the real workers process, so an allowed
// accept really starts and accepts the contract's workflow.
import { makeOffer, proposalOn } from "../offers-fixtures.js";
import type { Caller, Entry, MatrixContext, Outcome, RequestOf } from "./matrix-types.js";

const freelancersOnly: Record<Caller, Outcome> = {
  anonymous: 401,
  freelancer: "ok",
  client: 403,
  admin: 403,
  auditor: 403,
  service: 403,
};
const clientsOnly: Record<Caller, Outcome> = { ...freelancersOnly, freelancer: 403, client: "ok" };

/** A fresh proposal of ctx.users.freelancer on a fresh job of ctx.users.client. */
const proposal = async (ctx: MatrixContext): Promise<Record<string, string>> => ({
  proposalId: await proposalOn(ctx.app, ctx.users.client.userId, ctx.users.freelancer.userId),
});

/** A fresh pending offer from ctx.users.client to ctx.users.freelancer. */
const offer = async (ctx: MatrixContext): Promise<Record<string, string>> => {
  const { proposalId } = await proposal(ctx);
  const made = await makeOffer(ctx.app, ctx.users.client, proposalId ?? "");
  return { offerId: made.id };
};

const move =
  (action: string, payload?: Record<string, unknown>): RequestOf =>
  (call) => ({
    method: "POST",
    url: `/v1/offers/${call.params.offerId}/${action}`,
    ...(payload ? { payload } : {}),
  });

export const offersMatrix: Record<string, Entry> = {
  "POST /v1/proposals/:proposalId/offers": {
    request: (call) => ({
      method: "POST",
      url: `/v1/proposals/${call.params.proposalId}/offers`,
      payload: { message: "The matrix would like to hire you" },
    }),
    expect: clientsOnly,
    object: { create: proposal, stranger: { role: "client", expect: 404 } },
  },
  "GET /v1/offers": {
    request: () => ({ method: "GET", url: "/v1/offers" }),
    expect: { anonymous: 401, freelancer: "ok", client: "ok", admin: "ok", auditor: "ok", service: 403 },
  },
  "GET /v1/offers/:offerId": {
    request: (call) => ({ method: "GET", url: `/v1/offers/${call.params.offerId}` }),
    // Admins and auditors are not parties to an offer: it does not exist for them.
    expect: { anonymous: 401, freelancer: "ok", client: "ok", admin: 404, auditor: 404, service: 403 },
    object: { create: offer, stranger: { role: "client", expect: 404 } },
  },
  "POST /v1/offers/:offerId/accept": {
    request: move("accept"),
    expect: freelancersOnly,
    object: { create: offer, stranger: { role: "freelancer", expect: 404 } },
  },
  "POST /v1/offers/:offerId/decline": {
    request: move("decline", { reason: "The matrix declines" }),
    expect: freelancersOnly,
    object: { create: offer, stranger: { role: "freelancer", expect: 404 } },
  },
  "POST /v1/offers/:offerId/withdraw": {
    request: move("withdraw"),
    expect: clientsOnly,
    object: { create: offer, stranger: { role: "client", expect: 404 } },
  },
};
