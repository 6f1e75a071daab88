// Top-ups of a milestone's compute budget: the client funds more running time for its workspace. Pure checks,
// used by the update's validator (before anything is written to history) and again inside the move.
import {
  contractErrorCodes,
  type ComputeRequest,
  type ContractTerms,
  type ContractView,
  type MilestoneState,
  type MilestoneView,
} from "@skillpod/contract-messages";
import {
  fundedComputeSeconds,
  milestoneIn,
  rejected,
  requireActive,
  requireParty,
} from "./contract-rules.js";

/** A workspace exists and has not been released (approval, refund and cancellation release it). */
const workspaceStates: MilestoneState[] = [
  "funded",
  "in_progress",
  "submitted",
  "changes_requested",
  "disputed",
];

/** One top-up at most a year of running time: a typo must not fund a century. */
const maxTopUpSeconds = 366 * 24 * 3600;

/** The milestone a top-up applies to, and the new total, or a typed rejection. */
export function checkComputeTopUp(
  terms: ContractTerms,
  view: ContractView,
  r: ComputeRequest,
): { milestone: MilestoneView; total: number } {
  requireParty(view, r.actor, ["client"], "fund compute");
  requireActive(view, "fund compute");
  if (!Number.isSafeInteger(r.seconds) || r.seconds <= 0 || r.seconds > maxTopUpSeconds) {
    throw rejected(
      contractErrorCodes.invalidTerms,
      `seconds must be a whole number from 1 to ${maxTopUpSeconds}, not ${String(r.seconds)}`,
    );
  }
  const milestone = milestoneIn(view, r.milestoneId, workspaceStates, "fund compute");
  const funded = fundedComputeSeconds(terms, milestone);
  if (milestone.workspace === undefined || funded === undefined) {
    throw rejected(
      contractErrorCodes.invalidState,
      `cannot fund compute: milestone ${milestone.id} has no workspace with a compute budget`,
    );
  }
  return { milestone, total: funded + r.seconds };
}
