// The proposals capability's rows of the authorization matrix. A proposal's participants are its author
// (ctx.users.freelancer) and its job's owner (ctx.users.client); anyone else gets the 404 a missing one gets.
import { insertFreelancer, insertJob, insertProposal } from "../proposals-fixtures.js";
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

// Matrix jobs list no skills, so they never show among other tests' matches or jobs for you.
const clientJob = async (ctx: MatrixContext): Promise<string> =>
  insertJob(ctx.app, ctx.users.client.userId, { skillIds: [] });

/** A fresh proposal of ctx.users.freelancer on a fresh job of ctx.users.client. */
const proposal = async (ctx: MatrixContext): Promise<Record<string, string>> => ({
  proposalId: await insertProposal(ctx.app, await clientJob(ctx), ctx.users.freelancer.userId),
});

/** A job of ctx.users.client with two proposals from other freelancers, for the comparison. */
async function comparedJob(ctx: MatrixContext): Promise<Record<string, string>> {
  const jobId = await clientJob(ctx);
  const ids = [
    await insertProposal(ctx.app, jobId, await insertFreelancer(ctx.app)),
    await insertProposal(ctx.app, jobId, await insertFreelancer(ctx.app)),
  ];
  return { jobId, ids: ids.join(",") };
}

const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString();

const proposalBody = {
  coverLetter: "The matrix would like this job",
  bid: { amountMinor: 100_000, currency: "USD" },
  milestones: [{ title: "All of it", amount: { amountMinor: 100_000, currency: "USD" }, dueAt: inDays(7) }],
};

const move =
  (action: string, payload?: Record<string, unknown>): RequestOf =>
  (call) => ({
    method: "POST",
    url: `/v1/proposals/${call.params.proposalId}/${action}`,
    ...(payload ? { payload } : {}),
  });

const ownerMove = (action: string, payload?: Record<string, unknown>): Entry => ({
  request: move(action, payload),
  expect: clientsOnly,
  object: { create: proposal, stranger: { role: "client", expect: 404 } },
});

export const proposalsMatrix: Record<string, Entry> = {
  "POST /v1/jobs/:jobId/proposals": {
    request: (call) => ({
      method: "POST",
      url: `/v1/jobs/${call.params.jobId}/proposals`,
      payload: proposalBody,
    }),
    expect: freelancersOnly,
    // A public open job takes a proposal from any freelancer: the stranger is welcome here.
    object: {
      create: async (ctx) => ({ jobId: await clientJob(ctx) }),
      stranger: { role: "freelancer", expect: "ok" },
    },
  },
  "GET /v1/jobs/:jobId/proposals": {
    request: (call) => ({ method: "GET", url: `/v1/jobs/${call.params.jobId}/proposals` }),
    expect: clientsOnly,
    object: {
      create: async (ctx) => ({ jobId: await clientJob(ctx) }),
      stranger: { role: "client", expect: 404 },
    },
  },
  "GET /v1/jobs/:jobId/proposals/compare": {
    request: (call) => ({
      method: "GET",
      url: `/v1/jobs/${call.params.jobId}/proposals/compare?ids=${call.params.ids}`,
    }),
    expect: clientsOnly,
    object: { create: comparedJob, stranger: { role: "client", expect: 404 } },
  },
  "GET /v1/proposals/:proposalId": {
    request: (call) => ({ method: "GET", url: `/v1/proposals/${call.params.proposalId}` }),
    // Admins and auditors are not parties to a proposal: it does not exist for them.
    expect: { anonymous: 401, freelancer: "ok", client: "ok", admin: 404, auditor: 404, service: 403 },
    object: { create: proposal, stranger: { role: "freelancer", expect: 404 } },
  },
  "PATCH /v1/proposals/:proposalId": {
    request: (call) => ({
      method: "PATCH",
      url: `/v1/proposals/${call.params.proposalId}`,
      payload: { coverLetter: "Edited by the matrix" },
    }),
    expect: freelancersOnly,
    object: { create: proposal, stranger: { role: "freelancer", expect: 404 } },
  },
  "POST /v1/proposals/:proposalId/withdraw": {
    request: move("withdraw"),
    expect: freelancersOnly,
    object: { create: proposal, stranger: { role: "freelancer", expect: 404 } },
  },
  "POST /v1/proposals/:proposalId/shortlist": ownerMove("shortlist"),
  "POST /v1/proposals/:proposalId/archive": ownerMove("archive"),
  "POST /v1/proposals/:proposalId/decline": ownerMove("decline", { reason: "The matrix declines" }),
  "GET /v1/me/proposals": {
    request: () => ({ method: "GET", url: "/v1/me/proposals" }),
    expect: freelancersOnly,
  },
};
