import type { FastifyRequest } from "fastify";
import { userOf, type Role } from "../../access.js";
import type { ControlPlaneConfig } from "../../config.js";
import {
  contractNotFound,
  contractPayouts,
  contractTimeline,
  contractView,
  contractWorkspaces,
  fingerprintOf,
  makeMove,
  myContracts,
  onceForKey,
  partyOf,
  auditedRead,
  readerOf,
  readContract,
  type Caller,
  type ContractView,
  type MoveInput,
  type MoveName,
} from "../../contracts/index.js";
import { unauthenticated } from "../../errors/index.js";
import {
  contractIdParams,
  computeBody,
  contractListQuery,
  contractPageSchema,
  contractSchema,
  disputeBody,
  idempotencyHeaders,
  milestoneParams,
  pageOnlyQuery,
  payoutListSchema,
  reasonBody,
  resolveBody,
  submitBody,
  timelinePageSchema,
  workspaceListSchema,
} from "./contract-schemas.js";
import { limitOf } from "./proposal-schemas.js";
import { type TypedApp, bearer, errors, signedIn } from "./typed-app.js";

const tags = ["contracts"];

function callerOf(request: FastifyRequest): Caller {
  const user = userOf(request);
  if (!user) throw unauthenticated();
  return { userId: user.userId, roles: user.roles };
}

const moveErrors = errors(400, 401, 402, 403, 404, 409, 422, 502, 503);

/** A move, once per Idempotency-Key when the caller sends one. */
async function moveOnce(
  app: TypedApp,
  request: FastifyRequest,
  move: MoveName,
  input: { contractId: string } & MoveInput,
): Promise<ContractView> {
  const caller = callerOf(request);
  const header = request.headers["idempotency-key"];
  const key = typeof header === "string" ? header : undefined;
  if (key === undefined) return makeMove(app, caller, move, input);
  const fingerprint = fingerprintOf(`${move} ${input.contractId}`, input);
  return onceForKey(app.redis, { userId: caller.userId, key, fingerprint }, () =>
    makeMove(app, caller, move, input),
  );
}

type MilestoneMove = {
  path: string;
  move: MoveName;
  roles: Role[];
  summary: string;
  body?: typeof submitBody | typeof reasonBody | typeof disputeBody | typeof resolveBody | typeof computeBody;
};

const milestoneMoves: MilestoneMove[] = [
  { path: "fund", move: "fund", roles: ["client"], summary: "Fund a milestone from the client's wallet" },
  {
    path: "submit",
    move: "submit",
    roles: ["freelancer"],
    summary: "Submit a milestone's work with a note and deliverable links (the freelancer)",
    body: submitBody,
  },
  {
    path: "approve",
    move: "approve",
    roles: ["client"],
    summary: "Approve submitted work: its payout starts",
  },
  {
    path: "request-changes",
    move: "request-changes",
    roles: ["client"],
    summary: "Send submitted work back with a reason (the client)",
    body: reasonBody,
  },
  {
    path: "dispute",
    move: "dispute",
    roles: ["client", "freelancer"],
    summary: "Open a dispute with a statement and evidence links: payouts pause, the workspace freezes",
    body: disputeBody,
  },
  {
    path: "resolve",
    move: "resolve",
    roles: ["admin"],
    summary: "Resolve a dispute for the freelancer (pay out) or the client (refund) (admins)",
    body: resolveBody,
  },
  {
    path: "compute",
    move: "fund-compute",
    roles: ["client"],
    summary:
      "Fund more running time for a milestone's workspace: its SkillPod's compute budget rises (the client)",
    body: computeBody,
  },
];

function moveRoutes(app: TypedApp): void {
  for (const spec of milestoneMoves)
    app.post(
      `/v1/contracts/:contractId/milestones/:milestoneId/${spec.path}`,
      {
        config: { access: { roles: spec.roles } },
        schema: {
          tags,
          summary: spec.summary,
          security: bearer,
          params: milestoneParams,
          headers: idempotencyHeaders,
          ...(spec.body ? { body: spec.body } : {}),
          response: { 200: contractSchema, ...moveErrors },
        },
      },
      async (request) =>
        moveOnce(app, request, spec.move, {
          ...((request.body ?? {}) as MoveInput),
          contractId: request.params.contractId,
          milestoneId: request.params.milestoneId,
        }),
    );

  app.post(
    "/v1/contracts/:contractId/cancel",
    {
      config: { access: { roles: ["client", "freelancer"] } },
      schema: {
        tags,
        summary: "Cancel a contract: funded milestones not yet approved go back to the client's wallet",
        security: bearer,
        params: contractIdParams,
        headers: idempotencyHeaders,
        body: reasonBody,
        response: { 200: contractSchema, ...moveErrors },
      },
    },
    async (request) =>
      moveOnce(app, request, "cancel", {
        contractId: request.params.contractId,
        reason: request.body.reason,
      }),
  );
}

function readRoutes(app: TypedApp): void {
  app.get(
    "/v1/contracts",
    {
      config: { access: signedIn },
      schema: {
        tags,
        summary: "The caller's contracts, as client or freelancer, newest first",
        description:
          "disputed=true keeps contracts with a milestone in dispute now (false: those without); for an " +
          "admin, disputed=true lists every contract with an open dispute, the ones they may resolve.",
        security: bearer,
        querystring: contractListQuery,
        response: { 200: contractPageSchema, ...errors(400, 401, 422) },
      },
    },
    async (request) =>
      myContracts(app.pg, callerOf(request), {
        ...request.query,
        limit: limitOf(request.query.limit, 100),
      }),
  );

  app.get(
    "/v1/contracts/:contractId",
    {
      config: { access: signedIn },
      schema: {
        tags,
        summary: "A contract with its milestones, their states, deadlines, payouts and workspaces",
        security: bearer,
        params: contractIdParams,
        response: { 200: contractSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      // One query: the row decides who may read it and is the answer too.
      const raw = await readContract(app.pg, request.params.contractId);
      const party =
        raw === undefined
          ? undefined
          : partyOf(
              { clientId: raw.client_id, freelancerId: raw.freelancer_id, disputed: raw.disputed },
              callerOf(request),
              "read",
            );
      if (raw === undefined || party === undefined) throw contractNotFound();
      await auditedRead(app, { caller: callerOf(request), request, contractId: raw.id, party });
      return contractView(raw, party);
    },
  );

  app.get(
    "/v1/contracts/:contractId/payouts",
    {
      config: { access: signedIn },
      schema: {
        tags,
        summary: "A contract's payouts: gross, platform fee, net, and where each stands",
        security: bearer,
        params: contractIdParams,
        response: { 200: payoutListSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      await readerOf(app, callerOf(request), request, request.params.contractId);
      return contractPayouts(app.pg, request.params.contractId);
    },
  );

  app.get(
    "/v1/contracts/:contractId/workspace",
    {
      config: { access: signedIn },
      schema: {
        tags,
        summary: "A contract's workspaces (one SkillPod per milestone that has one; empty when none)",
        security: bearer,
        params: contractIdParams,
        response: { 200: workspaceListSchema, ...errors(400, 401, 404) },
      },
    },
    async (request) => {
      await readerOf(app, callerOf(request), request, request.params.contractId);
      return contractWorkspaces(app.pg, request.params.contractId);
    },
  );

  app.get(
    "/v1/contracts/:contractId/timeline",
    {
      config: { access: signedIn },
      schema: {
        tags,
        summary:
          "A contract's activity: moves, money, payouts, workspaces and messages in one feed, oldest first",
        security: bearer,
        params: contractIdParams,
        querystring: pageOnlyQuery,
        response: { 200: timelinePageSchema, ...errors(400, 401, 404, 422) },
      },
    },
    async (request) => {
      await readerOf(app, callerOf(request), request, request.params.contractId);
      return contractTimeline(app.pg, request.params.contractId, {
        ...request.query,
        limit: limitOf(request.query.limit, 100, 50),
      });
    },
  );
}

/** Routes of the contracts capability (src/contracts/). */
export async function contractsRoutes(app: TypedApp, config: ControlPlaneConfig): Promise<void> {
  void config;
  moveRoutes(app);
  readRoutes(app);
  return Promise.resolve();
}
