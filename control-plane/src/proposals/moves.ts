import type { PrismaClient } from "../database.js";
import { proposalFor } from "./access.js";
import { authorOnly, ownerOnly } from "./errors.js";
import { invalidState, proposalMoves, type ProposalMove } from "./states.js";
import { proposalView, type ProposalView } from "./views.js";

/**
 * Moves a proposal along the state machine (states.ts): the author withdraws, the job's owner shortlists,
 * archives and declines (with a reason the author sees). The move is one conditional UPDATE, so two racing
 * moves cannot both pass the check; the loser gets 409 SKP_PROPOSAL_INVALID_STATE.
 */
export async function moveProposal(
  db: PrismaClient,
  callerId: string,
  proposalId: string,
  move: { to: ProposalMove; reason?: string },
): Promise<ProposalView> {
  const { role } = await proposalFor(db, callerId, proposalId);
  if (move.to === "WITHDRAWN" && role !== "author") throw authorOnly();
  if (move.to !== "WITHDRAWN" && role !== "owner") throw ownerOnly();
  const moved = await db.proposal.updateMany({
    where: { id: proposalId, state: { in: [...proposalMoves[move.to]] } },
    data: {
      state: move.to,
      ...(move.to === "DECLINED" ? { declineReason: move.reason?.trim() ?? null } : {}),
    },
  });
  const after = await proposalFor(db, callerId, proposalId);
  if (moved.count === 0) throw invalidState(after.row.state, move.to);
  return proposalView(after.row);
}
