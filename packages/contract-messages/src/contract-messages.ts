// The updates, signals and queries of ContractWorkflow, PayoutWorkflow and ProvisioningWorkflow. Shared by
// the workflows and by clients; importing @temporalio/workflow's define* outside a workflow is safe.
import { defineQuery, defineSignal, defineUpdate } from "@temporalio/workflow";
import type { ContractView } from "./contract-view.js";

export type PartyRole = "client" | "freelancer" | "admin" | "system";

/** Who asks: the control plane fills this from the authenticated caller, never from the request body. */
export type Actor = { userId: string; role: PartyRole };

export type MilestoneRequest = { actor: Actor; milestoneId: string };

export const acceptContract = defineUpdate<ContractView, [{ actor: Actor }]>("acceptContract");
export const fundMilestone = defineUpdate<ContractView, [MilestoneRequest]>("fundMilestone");
export const submitMilestone = defineUpdate<ContractView, [MilestoneRequest & { note?: string }]>(
  "submitMilestone",
);
export const approveMilestone = defineUpdate<ContractView, [MilestoneRequest]>("approveMilestone");
export const requestChanges = defineUpdate<ContractView, [MilestoneRequest & { reason: string }]>(
  "requestChanges",
);
export const openDispute = defineUpdate<ContractView, [MilestoneRequest & { reason: string }]>("openDispute");
export const resolveDispute = defineUpdate<
  ContractView,
  [MilestoneRequest & { favor: "freelancer" | "client" }]
>("resolveDispute");
export const cancelContract = defineUpdate<ContractView, [{ actor: Actor; reason: string }]>(
  "cancelContract",
);

/** The client funds more running time for a milestone's workspace (seconds added to its budget). */
export type ComputeRequest = MilestoneRequest & { seconds: number };
export const fundCompute = defineUpdate<ContractView, [ComputeRequest]>("fundCompute");

export const contractState = defineQuery<ContractView>("contractState");

export type PayoutSettlement = {
  milestoneId: string;
  outcome: "paid" | "failed";
  providerPayoutId?: string;
  failureCode?: string;
};
/** Sent by a PayoutWorkflow to its contract when the payout is paid or has failed (and been compensated). */
export const payoutSettled = defineSignal<[PayoutSettlement]>("payoutSettled");

export type WorkspaceReport = { milestoneId: string; name: string; state: string; endpoint?: string };
/** Sent by a ProvisioningWorkflow to its contract when the SkillPod changes state. */
export const workspaceChanged = defineSignal<[WorkspaceReport]>("workspaceChanged");

/** Disputes hold payouts: the external transfer waits until resumed. */
export const pausePayout = defineSignal("pausePayout");
export const resumePayout = defineSignal("resumePayout");

/** Dispute: stop the SkillPod and keep its home. */
export const freezeWorkspace = defineSignal("freezeWorkspace");
export const unfreezeWorkspace = defineSignal("unfreezeWorkspace");
/** Raises the SkillPod's spec.budget.runningSeconds to this total (never lowers it). */
export const raiseBudget = defineSignal<[{ runningSeconds: number }]>("raiseBudget");
/** Milestone approved or contract ended: stop the SkillPod for good and finish. */
export const releaseWorkspace =
  defineSignal<[{ reason: "approved" | "contract-ended" | "refunded" }]>("releaseWorkspace");
