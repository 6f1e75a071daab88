// The control plane's own vocabulary for audit events. The chain's format itself (GENESIS_HASH, the canonical
// text and chainHash) lives in @skillpod/audit-format, shared with everything else that appends or verifies.

export const actorTypes = ["user", "service", "anonymous", "workflow", "operator", "system"] as const;
export type ActorType = (typeof actorTypes)[number];

export const outcomes = ["success", "denied", "failure"] as const;
export type Outcome = (typeof outcomes)[number];
