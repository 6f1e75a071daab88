// The SkillPod of a milestone has a name derived from its contract and milestone ids, so a retried or replayed
// ensureSkillPod finds the object an earlier attempt created instead of making a second one.
import { createHash } from "node:crypto";

/** The CRD's CEL rule: children's names add a prefix ("home-", "ws-…-stream") to the SkillPod's. */
export const maxSkillPodNameLength = 48;

const hashLength = 10;

/**
 * A readable slug of both ids plus a hash of the exact ids: lower-casing and replacing "_" lose information
 * (ids may differ only in case), the hash keeps distinct pairs apart. Always a valid DNS label.
 */
export function skillPodNameFor(contractId: string, milestoneId: string): string {
  const hash = createHash("sha256")
    .update(JSON.stringify([contractId, milestoneId]))
    .digest("hex")
    .slice(0, hashLength);
  const slug = `${contractId}-${milestoneId}`
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .slice(0, maxSkillPodNameLength - hashLength - 1)
    .replace(/^-+|-+$/g, "");
  return slug ? `${slug}-${hash}` : hash;
}
