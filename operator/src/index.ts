export { startOperator, type RunningOperator } from "./operator.js";
export { loadOperatorConfig, type OperatorConfig } from "./config.js";
export { desiredSkillPodSet, type DesiredSkillPodSet } from "./skillpod/desired-set.js";
