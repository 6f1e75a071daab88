// Who may open which desktop session on a SkillPod. The owner works in it; a supervisor watches it only while
// they are listed as a viewer AND are a party of its contract AND that contract is active, so ending the
// contract or removing the viewer ends the watching without anyone editing the other. The session gateway
// re-runs this to revoke live sessions, so it costs at most one primary-key query.
import type { SkillPod } from "@skillpod/api";
import type pg from "pg";
import type { DesktopMode } from "./session-tickets.js";

const activePartySql = `
SELECT 1 FROM contracts
WHERE id = $1 AND state = 'active' AND (client_id = $2 OR freelancer_id = $2)`;

/**
 * The mode this user may open on this SkillPod now, or undefined (→ 404 for the API, revoke for the gateway):
 * interactive for spec.owner.userId; watch for a user in spec.supervision.viewers who is a party (client or
 * freelancer) of spec.contract.id while that contract is active (contracts table).
 */
export async function desktopModeFor(
  db: pg.Pool,
  skillPod: SkillPod,
  userId: string,
): Promise<DesktopMode | undefined> {
  if (userId === "") return undefined;
  if (skillPod.spec.owner.userId === userId) return "interactive";
  const viewers = skillPod.spec.supervision?.viewers ?? [];
  const contractId = skillPod.spec.contract?.id;
  if (!viewers.includes(userId) || contractId === undefined) return undefined;
  const found = await db.query(activePartySql, [contractId, userId]);
  return found.rowCount === 0 ? undefined : "watch";
}

/**
 * The mode granted for a request: the caller's own unless they ask for less. An owner may watch; a watcher
 * asking to type gets undefined, the same answer as a stranger.
 */
export function grantedMode(
  allowed: DesktopMode | undefined,
  asked: DesktopMode | undefined,
): DesktopMode | undefined {
  if (allowed === undefined || asked === undefined) return allowed;
  if (asked === "watch") return "watch";
  return allowed === "interactive" ? "interactive" : undefined;
}
