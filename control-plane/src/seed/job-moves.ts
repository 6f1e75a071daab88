// Jobs are born DRAFT or OPEN; the seed closes and fills them the way a client would, through the
// database's state machine (OPEN → CLOSED | FILLED), never by inserting a final state.
import type { Queryable } from "./insert.js";
import type { PlannedJob } from "./jobs.js";

/** Moves the jobs this run created to their planned state; jobs that were there already are left alone. */
export async function moveJobs(db: Queryable, jobs: PlannedJob[], created: Set<string>): Promise<void> {
  for (const state of ["CLOSED", "FILLED"] as const) {
    const ids = jobs.filter((j) => j.finalState === state && created.has(j.row.id)).map((j) => j.row.id);
    if (ids.length === 0) continue;
    await db.query(
      `UPDATE jobs SET state = $2::"JobState", updated_at = LEAST(published_at + interval '12 days', now())
       WHERE id = ANY($1::uuid[]) AND state = 'OPEN'`,
      [ids, state],
    );
  }
}
