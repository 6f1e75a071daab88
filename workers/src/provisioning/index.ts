export { createProvisioningActivities, type ProvisioningClients } from "./activities.js";
export { maxSkillPodNameLength, skillPodNameFor } from "./skillpod-name.js";
export { readinessOf, type Readiness } from "./readiness.js";
export type * from "./types.js";
