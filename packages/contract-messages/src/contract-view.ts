// The state of a contract as ContractWorkflow reports it (query and update results).

export type ContractPhase = "offer" | "active" | "completed" | "cancelled";

export type MilestoneState =
  | "pending"
  | "funded"
  | "in_progress"
  | "submitted"
  | "changes_requested"
  | "disputed"
  | "approved"
  | "refunded"
  | "cancelled";

export type PayoutState = "none" | "running" | "paused" | "paid" | "failed";

export type MilestoneView = {
  id: string;
  title: string;
  amountMinor: number;
  dueAt?: string;
  state: MilestoneState;
  funded: boolean;
  submissions: number;
  submittedAt?: string;
  approvedBy?: string;
  dispute?: { openedBy: string; reason: string; resolvedFor?: "freelancer" | "client" };
  payout: { state: PayoutState; providerPayoutId?: string; failureCode?: string };
  workspace?: { name: string; state: string; endpoint?: string };
  /** Funded running time of the workspace, top-ups included; absent when it has no budget. */
  computeSeconds?: number;
  remindedAt?: string;
};

export type ContractView = {
  contractId: string;
  phase: ContractPhase;
  clientId: string;
  freelancerId: string;
  currency: string;
  milestones: MilestoneView[];
  cancelledBy?: string;
  /** How many times the workflow has continued as new. */
  generation: number;
};
