// Who may do what, and when, on a contract. Pure: used by update validators (which reject before anything
// is written to history) and again inside the handlers, since state can move between the two.
import { ApplicationFailure } from "@temporalio/workflow";
import {
  contractErrorCodes,
  type Actor,
  type ContractTerms,
  type ContractView,
  type MilestoneState,
  type MilestoneView,
} from "@skillpod/contract-messages";

type Party = "client" | "freelancer" | "admin";

export function rejected(type: string, message: string): ApplicationFailure {
  return ApplicationFailure.create({ type, message, nonRetryable: true });
}

function isParty(view: ContractView, actor: Actor, party: Party): boolean {
  if (party === "admin") return actor.role === "admin";
  if (party === "client") return actor.role === "client" && actor.userId === view.clientId;
  return actor.role === "freelancer" && actor.userId === view.freelancerId;
}

export function requireParty(view: ContractView, actor: Actor, allowed: Party[], action: string): void {
  if (!allowed.some((party) => isParty(view, actor, party))) {
    throw rejected(
      contractErrorCodes.wrongParty,
      `${actor.role} ${actor.userId} may not ${action} on contract ${view.contractId} (allowed: ${allowed.join(", ")})`,
    );
  }
}

export function requireActive(view: ContractView, action: string): void {
  if (view.phase !== "active") {
    throw rejected(
      contractErrorCodes.invalidState,
      `cannot ${action}: contract ${view.contractId} is ${view.phase}`,
    );
  }
}

export function milestoneIn(
  view: ContractView,
  milestoneId: string,
  states: MilestoneState[],
  action: string,
): MilestoneView {
  const milestone = view.milestones.find((m) => m.id === milestoneId);
  if (milestone === undefined) {
    throw rejected(
      contractErrorCodes.unknownMilestone,
      `contract ${view.contractId} has no milestone ${milestoneId}`,
    );
  }
  if (!states.includes(milestone.state)) {
    throw rejected(
      contractErrorCodes.invalidState,
      `cannot ${action}: milestone ${milestoneId} is ${milestone.state} (needs ${states.join(" or ")})`,
    );
  }
  return milestone;
}

/** Milestones whose escrow can still go back to the client. */
export const refundableStates: MilestoneState[] = ["funded", "in_progress", "submitted", "changes_requested"];

export const workingStates: MilestoneState[] = ["funded", "in_progress", "changes_requested"];

/** Terms the workflow refuses to start with; the control plane validates too, this is the last line. */
export function termsProblem(terms: ContractTerms): string | undefined {
  if (terms.milestones.length === 0) return "a contract needs at least one milestone";
  if (!/^[A-Z]{3}$/.test(terms.currency)) return `currency ${terms.currency} is not an ISO 4217 code`;
  if (!Number.isInteger(terms.platformFeeBps) || terms.platformFeeBps < 0 || terms.platformFeeBps > 10_000) {
    return `platformFeeBps ${terms.platformFeeBps} is outside 0..10000`;
  }
  if (terms.clientId === terms.freelancerId) return "client and freelancer must differ";
  const ids = new Set(terms.milestones.map((m) => m.id));
  if (ids.size !== terms.milestones.length) return "milestone ids must be unique";
  const bad = terms.milestones.find((m) => !Number.isSafeInteger(m.amountMinor) || m.amountMinor <= 0);
  if (bad !== undefined) return `milestone ${bad.id} amount must be a positive integer of minor units`;
  return computeProblem(terms);
}

const validSeconds = (s: number | undefined): boolean =>
  s === undefined || (Number.isSafeInteger(s) && s >= 0);

function computeProblem(terms: ContractTerms): string | undefined {
  const bad = terms.milestones.find((m) => !validSeconds(m.computeSeconds));
  if (bad !== undefined) return `milestone ${bad.id} computeSeconds must be a whole number of seconds`;
  if (!validSeconds(terms.weeklyLimitMinutes)) return "weeklyLimitMinutes must be a whole number of minutes";
  return validSeconds(terms.workspace?.computeWarnSeconds)
    ? undefined
    : "computeWarnSeconds must be a whole number of seconds";
}

/**
 * The running time a milestone's workspace is funded for: top-ups recorded in the view, else the terms (hourly
 * contracts: the weekly cap; fixed: the milestone's computeSeconds). Undefined: no budget, it runs unmetered.
 */
export function fundedComputeSeconds(
  terms: ContractTerms,
  m: Pick<MilestoneView, "id" | "computeSeconds">,
): number | undefined {
  if (m.computeSeconds !== undefined) return m.computeSeconds;
  if (terms.billing === "HOURLY") {
    return terms.weeklyLimitMinutes === undefined ? undefined : terms.weeklyLimitMinutes * 60;
  }
  return terms.milestones.find((x) => x.id === m.id)?.computeSeconds;
}

const withCompute = (seconds: number | undefined): { computeSeconds?: number } =>
  seconds === undefined ? {} : { computeSeconds: seconds };

export function initialView(terms: ContractTerms): ContractView {
  return {
    contractId: terms.contractId,
    phase: "offer",
    clientId: terms.clientId,
    freelancerId: terms.freelancerId,
    currency: terms.currency,
    generation: 0,
    milestones: terms.milestones.map((m) => ({
      id: m.id,
      title: m.title,
      amountMinor: m.amountMinor,
      ...(m.dueAt === undefined ? {} : { dueAt: m.dueAt }),
      ...withCompute(fundedComputeSeconds(terms, { id: m.id })),
      state: "pending",
      funded: false,
      submissions: 0,
      payout: { state: "none" },
    })),
  };
}

/** Every milestone is done with: paid out, refunded or cancelled. */
export function allMilestonesSettled(view: ContractView): boolean {
  return view.milestones.every(
    (m) =>
      m.state === "refunded" ||
      m.state === "cancelled" ||
      (m.state === "approved" && m.payout.state === "paid"),
  );
}

export function payoutsInFlight(view: ContractView): boolean {
  return view.milestones.some((m) => m.payout.state === "running" || m.payout.state === "paused");
}
