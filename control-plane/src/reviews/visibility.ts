import { Prisma } from "../database.js";

/** The config's default review window (REVIEW_WINDOW_SECONDS), for callers that do not pass their own. */
export const defaultReviewWindowSeconds = 14 * 24 * 3600;

/**
 * THE rule of review blinding, the one place it is written: a review shows once the other party has
 * reviewed too, or once the window after completion has closed. Until then only its author may see it, so
 * neither party can answer a bad review with a retaliating one. `review` and `contract` are the SQL aliases
 * of the reviews row and its contracts row in the caller's query.
 */
export function reviewVisible(review: string, contract: string, windowSeconds: number): Prisma.Sql {
  const r = Prisma.raw(review);
  const c = Prisma.raw(contract);
  return Prisma.sql`(EXISTS (SELECT FROM reviews other WHERE other.contract_id = ${r}.contract_id
      AND other.author_id <> ${r}.author_id)
    OR ${c}.completed_at + make_interval(secs => ${windowSeconds}::double precision) <= now())`;
}
