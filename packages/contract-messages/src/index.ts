export * from "./contract-errors.js";
export * from "./contract-messages.js";
export * from "./contract-terms.js";
export * from "./contract-view.js";
export * from "./workflow-ids.js";
export * from "./workflow-inputs.js";
export * from "./notification-kinds.js";
export * from "./wallet-workflows.js";
