// A dispute freezes the workspace of the disputed milestone: the contract workflow stops it and holds it
// stopped until the dispute is resolved. The milestones table is the authority (the workflow records
// 'disputed' before it signals the freeze), so the API refuses to start a frozen workspace, or open a desktop
// on one, even in the moment before the workflow's stop lands.
import type { SkillPod } from "@skillpod/api";
import type pg from "pg";

export type ContractStanding = {
  /** The contract's state (offer, active, completed, cancelled), or null for a SkillPod bound to none. */
  contractState: string | null;
  frozen: boolean;
};

const standingSql = `
SELECT c.state,
       EXISTS (SELECT 1 FROM milestones m
               WHERE m.contract_id = c.id AND m.state = 'disputed' AND ($2::text IS NULL OR m.id = $2)) AS frozen
FROM contracts c WHERE c.id = $1`;

/** The SkillPod's contract state and whether a dispute froze it (one query; none without a contract). */
export async function contractStanding(db: pg.Pool, skillPod: SkillPod): Promise<ContractStanding> {
  const contract = skillPod.spec.contract;
  if (contract === undefined) return { contractState: null, frozen: false };
  const found = await db.query<{ state: string; frozen: boolean }>(standingSql, [
    contract.id,
    contract.milestoneId ?? null,
  ]);
  const row = found.rows[0];
  return { contractState: row?.state ?? null, frozen: row?.frozen ?? false };
}

/** Whether a dispute froze this SkillPod: a desktop session on it must end. */
export async function isFrozen(db: pg.Pool, skillPod: SkillPod): Promise<boolean> {
  return (await contractStanding(db, skillPod)).frozen;
}

/** The frozen ones among these milestones (a page of workspaces at once). */
export async function frozenMilestones(db: pg.Pool, milestoneIds: readonly string[]): Promise<Set<string>> {
  if (milestoneIds.length === 0) return new Set();
  const found = await db.query<{ id: string }>(
    "SELECT id FROM milestones WHERE id = ANY($1::text[]) AND state = 'disputed'",
    [milestoneIds],
  );
  return new Set(found.rows.map((row) => row.id));
}
