// Task queues and deterministic workflow ids: one contract workflow per contract, one payout and one
// provisioning workflow per milestone, so a retried start can never create a second one.

export const taskQueues = {
  contracts: "contracts",
  payments: "payments",
  provisioning: "provisioning",
} as const;

export type TaskQueueName = keyof typeof taskQueues;

/** The task queues of an install whose workers run with WORKERS_TASK_QUEUE_PREFIX=prefix. */
export function prefixedTaskQueues(prefix: string): Record<TaskQueueName, string> {
  const name = (queue: string): string => (prefix === "" ? queue : `${prefix}-${queue}`);
  return {
    contracts: name(taskQueues.contracts),
    payments: name(taskQueues.payments),
    provisioning: name(taskQueues.provisioning),
  };
}

export const contractWorkflowId = (contractId: string): string => `contract-${contractId}`;
export const payoutWorkflowId = (contractId: string, milestoneId: string): string =>
  `payout-${contractId}-${milestoneId}`;
export const provisioningWorkflowId = (contractId: string, milestoneId: string): string =>
  `provision-${contractId}-${milestoneId}`;
