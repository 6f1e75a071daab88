export { startOperator, type RunningOperator } from "./operator.js";
export { loadOperatorConfig, type OperatorConfig } from "./config.js";
