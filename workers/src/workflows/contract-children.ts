// The payout and provisioning workflows a contract starts per milestone. They are started with
// ParentClosePolicy ABANDON so that a continue-as-new of the contract never cancels them; they report back
// by signal to the contract's workflow id, which survives continue-as-new.
import {
  ParentClosePolicy,
  getExternalWorkflowHandle,
  startChild,
  type SignalDefinition,
} from "@temporalio/workflow";
import {
  contractDefaults,
  payoutWorkflowId,
  provisioningWorkflowId,
  taskQueues,
  type ContractTerms,
  type MilestoneView,
  type PayoutInput,
  type ProvisioningInput,
} from "@skillpod/contract-messages";
import { fundedComputeSeconds } from "./contract-rules.js";

/** Where the children run; tests and side-by-side deployments use prefixed task queues. */
export type ChildQueues = { payments: string; provisioning: string };

export const defaultChildQueues: ChildQueues = {
  payments: taskQueues.payments,
  provisioning: taskQueues.provisioning,
};

export type ContractContext = { terms: ContractTerms; workflowId: string; queues: ChildQueues };

export async function startPayout(
  { terms, workflowId, queues }: ContractContext,
  m: MilestoneView,
  startPaused: boolean,
): Promise<void> {
  const input: PayoutInput = {
    contractId: terms.contractId,
    milestoneId: m.id,
    freelancerId: terms.freelancerId,
    currency: terms.currency,
    grossMinor: m.amountMinor,
    platformFeeBps: terms.platformFeeBps,
    contractWorkflowId: workflowId,
    ...(startPaused ? { startPaused } : {}),
  };
  await startChild("payoutWorkflow", {
    workflowId: payoutWorkflowId(terms.contractId, m.id),
    taskQueue: queues.payments,
    parentClosePolicy: ParentClosePolicy.ABANDON,
    args: [input],
  });
}

/** The contract's funded compute as the SkillPod's spec.budget; nothing when the contract funds none. */
function budgetOf(terms: ContractTerms, m: MilestoneView): Pick<ProvisioningInput, "budget"> {
  const runningSeconds = fundedComputeSeconds(terms, m);
  if (runningSeconds === undefined) return {};
  const warnSeconds = terms.workspace?.computeWarnSeconds;
  return { budget: { runningSeconds, ...(warnSeconds === undefined ? {} : { warnSeconds }) } };
}

export async function startProvisioning(
  { terms, workflowId, queues }: ContractContext,
  m: MilestoneView,
): Promise<boolean> {
  const workspace = terms.workspace;
  if (workspace === undefined) return false;
  const input: ProvisioningInput = {
    contractId: terms.contractId,
    milestoneId: m.id,
    contractWorkflowId: workflowId,
    namespace: workspace.namespace,
    className: workspace.className,
    ownerUserId: terms.freelancerId,
    viewers: workspace.viewers ?? [terms.clientId],
    // Only what the terms carry: an input without them is the one contracts started before they existed.
    ...(workspace.recording === undefined ? {} : { recording: workspace.recording }),
    ...(workspace.policy === undefined ? {} : { policy: workspace.policy }),
    ...(m.dueAt === undefined ? {} : { dueAt: m.dueAt }),
    graceSeconds: workspace.graceSeconds ?? contractDefaults.graceSeconds,
    ...budgetOf(terms, m),
  };
  await startChild("provisioningWorkflow", {
    workflowId: provisioningWorkflowId(terms.contractId, m.id),
    taskQueue: queues.provisioning,
    parentClosePolicy: ParentClosePolicy.ABANDON,
    args: [input],
  });
  return true;
}

/** Signals a child by id; a child that has already finished has nothing left to do, so that is not an error. */
export async function signalChild<Args extends unknown[]>(
  workflowId: string,
  signal: SignalDefinition<Args>,
  ...args: Args
): Promise<boolean> {
  try {
    await getExternalWorkflowHandle(workflowId).signal(signal, ...args);
    return true;
  } catch {
    return false;
  }
}
