// The activities ContractWorkflow calls (task queue "contracts"). Types only, so workflow code can import
// them without pulling in any I/O.
import type { ContractPhase, ContractTerms, MilestoneState } from "@skillpod/contract-messages";

export type MilestoneMoneyRequest = {
  contractWorkflowId: string;
  contractId: string;
  milestoneId: string;
  clientId: string;
  currency: string;
  amountMinor: number;
};

export type PartyNotice = {
  /** Unique per event and recipient set: a redelivered notice is shown and mailed once. */
  dedupeKey: string;
  userIds: string[];
  kind: string;
  title: string;
  body: string;
};

export type ContractActivities = {
  recordContract(terms: ContractTerms, workflowId: string): Promise<void>;
  recordContractPhase(contractId: string, phase: ContractPhase): Promise<void>;
  recordMilestoneState(contractId: string, milestoneId: string, state: MilestoneState): Promise<void>;
  fundMilestoneEscrow(request: MilestoneMoneyRequest): Promise<void>;
  refundMilestoneEscrow(request: MilestoneMoneyRequest): Promise<void>;
  notifyParties(notice: PartyNotice): Promise<void>;
};
