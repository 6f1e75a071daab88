// The one workflow bundle every worker loads (Worker.create's workflowBundle), whatever its task queue.
export { contractWorkflow, type ContractWorkflowInput } from "./contract-workflow.js";
export { payoutWorkflow } from "./payout-workflow.js";
export { provisioningWorkflow } from "./provisioning-workflow.js";
export { usageMeteringWorkflow } from "./usage-metering-workflow.js";
export { depositWorkflow } from "./deposit-workflow.js";
export { withdrawalWorkflow } from "./withdrawal-workflow.js";
