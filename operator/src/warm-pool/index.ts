export { WarmPools, type WarmPoolsOptions } from "./warm-pools.js";
export { Adoption, type AdoptionResult, type PooledWorkspace } from "./adoption.js";
