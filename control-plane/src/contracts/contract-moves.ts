// A contract move over HTTP: the caller's part decided from the contract's row (never from the request),
// the move made by the ContractWorkflow (one update), then what the workflow keeps no copy of (notes, links,
// statements, evidence) recorded as a contract event, and both parties told on the live channel.
import type { Actor, ContractView as WorkflowView } from "@skillpod/contract-messages";
import type { ContractsClient } from "@skillpod/contracts-client";
import type { FastifyInstance } from "fastify";
import { contractFor, contractNotFound, type Caller, type ContractParty } from "./contract-access.js";
import { contractProblem, wrongParty } from "./contract-errors.js";
import { contractView, readContract, type ContractView } from "./contract-views.js";

export type MoveName =
  "fund" | "submit" | "approve" | "request-changes" | "dispute" | "resolve" | "cancel" | "fund-compute";

export type MoveInput = {
  milestoneId?: string;
  note?: string;
  links?: string[];
  reason?: string;
  statement?: string;
  evidence?: string[];
  favor?: "freelancer" | "client";
  seconds?: number;
};

type MoveSpec = {
  parties: ContractParty[];
  /** The contract event's kind. */
  kind: string;
  action: string;
  call(client: ContractsClient, contractId: string, actor: Actor, input: MoveInput): Promise<WorkflowView>;
  record(input: MoveInput): { note?: string; links?: string[]; details?: Record<string, unknown> };
};

const milestone = (input: MoveInput): string => input.milestoneId ?? "";

export const moveSpecs: Record<MoveName, MoveSpec> = {
  fund: {
    parties: ["client"],
    kind: "funded",
    action: "fund a milestone",
    call: (c, id, actor, input) => c.fund(id, actor, milestone(input)),
    record: () => ({}),
  },
  submit: {
    parties: ["freelancer"],
    kind: "submitted",
    action: "submit work",
    call: (c, id, actor, input) => c.submit(id, actor, milestone(input), input.note),
    record: (input) => ({ note: input.note ?? "", links: input.links ?? [] }),
  },
  approve: {
    parties: ["client"],
    kind: "approved",
    action: "approve work",
    call: (c, id, actor, input) => c.approve(id, actor, milestone(input)),
    record: () => ({}),
  },
  "request-changes": {
    parties: ["client"],
    kind: "changes_requested",
    action: "request changes",
    call: (c, id, actor, input) => c.requestChanges(id, actor, milestone(input), input.reason ?? ""),
    record: (input) => ({ note: input.reason ?? "", details: { reason: input.reason ?? "" } }),
  },
  dispute: {
    parties: ["client", "freelancer"],
    kind: "dispute_opened",
    action: "open a dispute",
    call: (c, id, actor, input) => c.openDispute(id, actor, milestone(input), input.statement ?? ""),
    record: (input) => ({
      note: input.statement ?? "",
      links: input.evidence ?? [],
      details: { statement: input.statement ?? "", evidence: input.evidence ?? [] },
    }),
  },
  resolve: {
    parties: ["admin"],
    kind: "dispute_resolved",
    action: "resolve a dispute",
    call: (c, id, actor, input) =>
      c.resolveDispute(id, actor, { milestoneId: milestone(input), favor: input.favor ?? "freelancer" }),
    record: (input) => ({ note: input.note ?? "", details: { favor: input.favor ?? "freelancer" } }),
  },
  "fund-compute": {
    parties: ["client"],
    kind: "compute_funded",
    action: "fund compute",
    call: (c, id, actor, input) => c.fundCompute(id, actor, milestone(input), input.seconds ?? 0),
    record: (input) => ({ details: { seconds: input.seconds ?? 0 } }),
  },
  cancel: {
    parties: ["client", "freelancer"],
    kind: "cancelled",
    action: "cancel the contract",
    call: (c, id, actor, input) => c.cancel(id, actor, input.reason ?? ""),
    record: (input) => ({ note: input.reason ?? "", details: { reason: input.reason ?? "" } }),
  },
};

async function recordEvent(
  app: FastifyInstance,
  event: { contractId: string; actorId: string; kind: string; milestoneId: string | undefined },
  recorded: ReturnType<MoveSpec["record"]>,
): Promise<void> {
  await app.pg.query(
    `INSERT INTO contract_events (contract_id, milestone_id, actor_id, kind, note, links, details)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      event.contractId,
      event.milestoneId ?? null,
      event.actorId,
      event.kind,
      recorded.note ?? "",
      recorded.links ?? [],
      JSON.stringify(recorded.details ?? {}),
    ],
  );
}

/** Makes one move as `caller`; answers with the contract as it stands after it. */
export async function makeMove(
  app: FastifyInstance,
  caller: Caller,
  move: MoveName,
  request: { contractId: string } & MoveInput,
): Promise<ContractView> {
  const spec = moveSpecs[move];
  const { row, party } = await contractFor(
    app.pg,
    caller,
    request.contractId,
    move === "resolve" ? "resolve" : "move",
  );
  if (!spec.parties.includes(party)) throw wrongParty(spec.action);
  const actor: Actor = { userId: caller.userId, role: party };
  let live: WorkflowView;
  try {
    live = await spec.call(app.contracts, row.id, actor, request);
  } catch (error) {
    const problem = contractProblem(error);
    if (problem.status >= 500)
      app.log.error({ err: error, contractId: row.id, move }, `Failed to ${spec.action}`);
    throw problem;
  }
  const event = {
    contractId: row.id,
    actorId: caller.userId,
    kind: spec.kind,
    milestoneId: request.milestoneId,
  };
  const recorded = spec.record(request);
  // The move has happened: a lost event must not turn its answer into an error (a retry would get a 409).
  // The log line carries the whole event, so it can be written again.
  await recordEvent(app, event, recorded).catch((error: unknown) => {
    app.log.error(
      { err: error, event, recorded },
      `Failed to record ${spec.kind} event of contract ${row.id}`,
    );
  });
  app.log.info(
    { contractId: row.id, milestoneId: request.milestoneId, move },
    `Made move ${move} on contract ${row.id}`,
  );
  await app.publishLive([row.clientId, row.freelancerId], {
    type: "contract.changed",
    data: {
      contractId: row.id,
      milestoneId: request.milestoneId ?? null,
      kind: spec.kind,
      state: live.phase,
    },
  });
  const raw = await readContract(app.pg, row.id);
  if (raw === undefined) throw contractNotFound();
  return contractView(raw, party, live);
}
