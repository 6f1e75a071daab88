import { conflict, type SkpError } from "../errors/index.js";
import type { ProposalState } from "../generated/prisma/enums.js";

export const proposalStates = [
  "SUBMITTED",
  "SHORTLISTED",
  "ARCHIVED",
  "DECLINED",
  "WITHDRAWN",
  "HIRED",
] as const satisfies readonly ProposalState[];

/** The moves people make here (HIRED is set by the contracts capability when an offer is accepted). */
export type ProposalMove = "SHORTLISTED" | "ARCHIVED" | "DECLINED" | "WITHDRAWN";

/**
 * THE proposal state moves, the one place they are written: which states each target can be reached from.
 * DECLINED, WITHDRAWN and HIRED are final.
 */
export const proposalMoves: Record<ProposalMove, readonly ProposalState[]> = {
  SHORTLISTED: ["SUBMITTED", "ARCHIVED"],
  ARCHIVED: ["SUBMITTED", "SHORTLISTED"],
  DECLINED: ["SUBMITTED", "SHORTLISTED"],
  WITHDRAWN: ["SUBMITTED", "SHORTLISTED"],
};

/** States in which the author may still edit the proposal (while its job is open). */
export const editableStates: readonly ProposalState[] = ["SUBMITTED", "SHORTLISTED"];

export function canMove(from: ProposalState, to: ProposalMove): boolean {
  return proposalMoves[to].includes(from);
}

export const invalidState = (from: ProposalState, to: string): SkpError =>
  conflict(
    "SKP_PROPOSAL_INVALID_STATE",
    `A ${from.toLowerCase()} proposal cannot become ${to.toLowerCase()}`,
  );
