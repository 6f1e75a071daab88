import { paramList, type Param } from "../../../../components/marketplace/search-params";
import type { ProposalState } from "../../../../components/marketplace/types";

export type ProposalMove = "shortlist" | "archive" | "decline" | "offer";

/**
 * What the job's client may do with a proposal now. Shortlisting is for new proposals; a shortlisted or new
 * one may be archived, declined or answered with an offer (an offer only while the job is open).
 */
export function proposalMovesFor(state: ProposalState, jobState: string): ProposalMove[] {
  if (state !== "SUBMITTED" && state !== "SHORTLISTED") return [];
  const moves: ProposalMove[] = state === "SUBMITTED" ? ["shortlist"] : [];
  if (jobState === "OPEN") moves.push("offer");
  moves.push("archive", "decline");
  return moves;
}

export type CompareChoice = { ids: string[]; problem?: string };

/** The proposals ticked for comparison (?compare=a&compare=b): the API compares two to four. */
export function compareChoiceOf(param: Param): CompareChoice {
  const ids = paramList(param, undefined, 10).filter((id) => /^[0-9a-f-]{36}$/i.test(id));
  if (ids.length === 0) return { ids };
  if (ids.length === 1) return { ids, problem: "Tick at least two proposals to compare them." };
  if (ids.length > 4) return { ids, problem: "Tick at most four proposals to compare them side by side." };
  return { ids };
}
