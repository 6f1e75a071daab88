// Inputs and results of the payout and provisioning workflows that ContractWorkflow starts as children.
import type { WorkspaceTerms } from "./contract-terms.js";

export type PayoutInput = {
  contractId: string;
  milestoneId: string;
  freelancerId: string;
  currency: string;
  grossMinor: number;
  platformFeeBps: number;
  /** Signalled with payoutSettled when the payout ends. */
  contractWorkflowId: string;
  /** A dispute is open on the contract: hold the external transfer until resumePayout. */
  startPaused?: boolean;
};

export type PayoutResult = {
  outcome: "paid" | "failed";
  feeMinor: number;
  netMinor: number;
  providerPayoutId?: string;
  failureCode?: string;
};

export type ProvisioningInput = {
  contractId: string;
  milestoneId: string;
  contractWorkflowId: string;
  namespace: string;
  className: string;
  ownerUserId: string;
  viewers: string[];
  /** spec.supervision.recording; absent leaves the CRD's default (Disabled). */
  recording?: WorkspaceTerms["recording"];
  /** spec.policy; an absent part leaves the CRD's default (Both) and the class's egress alone. */
  policy?: WorkspaceTerms["policy"];
  /** ISO 8601; the SkillPod's expiresAt is this plus graceSeconds. */
  dueAt?: string;
  graceSeconds: number;
  /** spec.budget: the funded running time; absent leaves the workspace without a budget. */
  budget?: { runningSeconds: number; warnSeconds?: number };
};

export type ProvisioningResult = { name: string; namespace: string; finalState: "Stopped" | "Deleted" };
