import type { ControlPlaneConfig } from "../../config.js";
import {
  compareProposals,
  editProposal,
  jobProposals,
  moveProposal,
  myProposals,
  proposalFor,
  proposalView,
  submitProposal,
  type ProposalMove,
} from "../../proposals/index.js";
import {
  compareIdsOf,
  compareQuery,
  limitOf,
  comparisonSchema,
  declineBody,
  jobIdParams,
  proposalBody,
  proposalIdParams,
  proposalListQuery,
  proposalPageSchema,
  proposalPatchBody,
  proposalSchema,
} from "./proposal-schemas.js";
import { type TypedApp, bearer, callerId, clients, errors, freelancers, signedIn } from "./typed-app.js";

const tags = ["proposals"];

function jobRoutes(app: TypedApp, config: ControlPlaneConfig): void {
  app.post(
    "/v1/jobs/:jobId/proposals",
    {
      config: { access: freelancers },
      schema: {
        tags,
        summary: "Send a proposal for an open job (one per job)",
        security: bearer,
        params: jobIdParams,
        body: proposalBody,
        response: { 201: proposalSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request, reply) => {
      const view = await submitProposal(app.prisma, callerId(request), request.params.jobId, request.body);
      return reply.code(201).send(view);
    },
  );

  app.get(
    "/v1/jobs/:jobId/proposals",
    {
      config: { access: clients },
      schema: {
        tags,
        summary: "The proposals for a job (its owner only), newest first",
        security: bearer,
        params: jobIdParams,
        querystring: proposalListQuery,
        response: { 200: proposalPageSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) =>
      jobProposals(app.prisma, callerId(request), request.params.jobId, {
        ...request.query,
        limit: limitOf(request.query.limit, 100),
      }),
  );

  app.get(
    "/v1/jobs/:jobId/proposals/compare",
    {
      config: { access: clients },
      schema: {
        tags,
        summary: "Two to four proposals of a job side by side, with the facts that differ",
        security: bearer,
        params: jobIdParams,
        querystring: compareQuery,
        response: { 200: comparisonSchema, ...errors(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const ids = compareIdsOf(request.query.ids);
      return compareProposals(
        app.prisma,
        { ownerId: callerId(request), jobId: request.params.jobId, ids },
        config.REVIEW_WINDOW_SECONDS,
      );
    },
  );
}

function proposalRoutes(app: TypedApp): void {
  app.get(
    "/v1/proposals/:proposalId",
    {
      config: { access: signedIn },
      schema: {
        tags,
        summary: "A proposal (its author and the job's owner only)",
        security: bearer,
        params: proposalIdParams,
        response: { 200: proposalSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) =>
      proposalView((await proposalFor(app.prisma, callerId(request), request.params.proposalId)).row),
  );

  app.patch(
    "/v1/proposals/:proposalId",
    {
      config: { access: freelancers },
      schema: {
        tags,
        summary: "Edit a proposal while its job is open (its author only)",
        security: bearer,
        params: proposalIdParams,
        body: proposalPatchBody,
        response: { 200: proposalSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) => editProposal(app.prisma, callerId(request), request.params.proposalId, request.body),
  );
}

const moves: {
  path: string;
  to: ProposalMove;
  summary: string;
  access: typeof freelancers | typeof clients;
}[] = [
  { path: "withdraw", to: "WITHDRAWN", summary: "Withdraw a proposal (its author)", access: freelancers },
  {
    path: "shortlist",
    to: "SHORTLISTED",
    summary: "Shortlist a proposal (the job's owner)",
    access: clients,
  },
  { path: "archive", to: "ARCHIVED", summary: "Archive a proposal (the job's owner)", access: clients },
];

function moveRoutes(app: TypedApp): void {
  for (const move of moves)
    app.post(
      `/v1/proposals/:proposalId/${move.path}`,
      {
        config: { access: move.access },
        schema: {
          tags,
          summary: move.summary,
          security: bearer,
          params: proposalIdParams,
          response: { 200: proposalSchema, ...errors(400, 401, 403, 404, 409) },
        },
      },
      async (request) =>
        moveProposal(app.prisma, callerId(request), request.params.proposalId, { to: move.to }),
    );

  app.post(
    "/v1/proposals/:proposalId/decline",
    {
      config: { access: clients },
      schema: {
        tags,
        summary: "Decline a proposal with a reason its author sees (the job's owner)",
        security: bearer,
        params: proposalIdParams,
        body: declineBody,
        response: { 200: proposalSchema, ...errors(400, 401, 403, 404, 409) },
      },
    },
    async (request) =>
      moveProposal(app.prisma, callerId(request), request.params.proposalId, {
        to: "DECLINED",
        reason: request.body.reason,
      }),
  );

  app.get(
    "/v1/me/proposals",
    {
      config: { access: freelancers },
      schema: {
        tags,
        summary: "The caller's own proposals, newest first, with each job's title and state",
        security: bearer,
        querystring: proposalListQuery,
        response: { 200: proposalPageSchema, ...errors(400, 401, 403) },
      },
    },
    async (request) =>
      myProposals(app.prisma, callerId(request), {
        ...request.query,
        limit: limitOf(request.query.limit, 100),
      }),
  );
}

/** Routes of the proposals capability (src/proposals/). */
export async function proposalsRoutes(app: TypedApp, config: ControlPlaneConfig): Promise<void> {
  jobRoutes(app, config);
  proposalRoutes(app);
  moveRoutes(app);
  return Promise.resolve();
}
