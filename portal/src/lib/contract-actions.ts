// The one place that decides which moves a party may make on a contract now. It mirrors the API's refusals
// (control-plane/src/contracts/contract-moves.ts: which part may call each route) and the ContractWorkflow's
// (workers/src/workflows/contract-moves.ts: the milestone states each update accepts), so the portal never
// offers a move the API would refuse.

export const contractParts = ["client", "freelancer", "admin"] as const;
export type ContractPart = (typeof contractParts)[number];

export const contractStates = ["offer", "active", "completed", "cancelled"] as const;
export type ContractState = (typeof contractStates)[number];

export const milestoneStates = [
  "pending",
  "funded",
  "in_progress",
  "submitted",
  "changes_requested",
  "approved",
  "disputed",
  "refunded",
  "cancelled",
] as const;
export type MilestoneState = (typeof milestoneStates)[number];

export type MilestoneAction = "fund" | "submit" | "approve" | "request-changes" | "dispute" | "resolve";
export type ContractAction = "cancel";

type Rule = { parts: readonly ContractPart[]; states: readonly MilestoneState[] };

/** Milestones still at work: the freelancer may submit them (again). */
const workingStates: readonly MilestoneState[] = ["funded", "in_progress", "changes_requested"];
/** Milestones whose escrow can still go back to the client: either party may dispute them. */
const refundableStates: readonly MilestoneState[] = [...workingStates, "submitted"];

// In the order the buttons are shown.
const milestoneRules: [MilestoneAction, Rule][] = [
  ["fund", { parts: ["client"], states: ["pending"] }],
  ["submit", { parts: ["freelancer"], states: workingStates }],
  ["approve", { parts: ["client"], states: ["submitted"] }],
  ["request-changes", { parts: ["client"], states: ["submitted"] }],
  ["dispute", { parts: ["client", "freelancer"], states: refundableStates }],
  ["resolve", { parts: ["admin"], states: ["disputed"] }],
];

/** What a contract is, as far as the rules care (the API's contract view fits). */
export type ContractFacts = {
  state: string;
  yourPart: string;
  milestones: { state: string }[];
};

function isPart(value: string): value is ContractPart {
  return (contractParts as readonly string[]).includes(value);
}

/** A dispute is open while any milestone is disputed: payouts pause and the contract cannot be cancelled. */
export function disputeOpen(contract: Pick<ContractFacts, "milestones">): boolean {
  return contract.milestones.some((m) => m.state === "disputed");
}

/** The moves `contract.yourPart` may make on one milestone now; none unless the contract is active. */
export function milestoneActions(
  contract: Pick<ContractFacts, "state" | "yourPart">,
  milestoneState: string,
): MilestoneAction[] {
  const part = contract.yourPart;
  if (contract.state !== "active" || !isPart(part)) return [];
  return milestoneRules
    .filter(
      ([, rule]) => rule.parts.includes(part) && (rule.states as readonly string[]).includes(milestoneState),
    )
    .map(([action]) => action);
}

/**
 * Moves on the contract as a whole. Cancelling: its client or freelancer (the API does not let an admin),
 * while it is an offer or active, and never while a dispute is open.
 */
export function contractActions(contract: ContractFacts): ContractAction[] {
  const open = contract.state === "offer" || contract.state === "active";
  const party = contract.yourPart === "client" || contract.yourPart === "freelancer";
  return open && party && !disputeOpen(contract) ? ["cancel"] : [];
}

/** Whether the contract has any move for this part now (to say "nothing for you to do" otherwise). */
export function hasAnyAction(contract: ContractFacts): boolean {
  return (
    contractActions(contract).length > 0 ||
    contract.milestones.some((m) => milestoneActions(contract, m.state).length > 0)
  );
}
