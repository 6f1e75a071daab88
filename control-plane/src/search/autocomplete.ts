import { Prisma, type PrismaClient } from "../database.js";

const likeEscaped = (value: string): string => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/** Shorter input has no trigram to look up, and would scan every title. */
export const minimumTitleQuery = 3;

/** Typo tolerance starts here: a near miss of two or three letters is anything. */
const minimumSimilarQuery = 5;

// Candidates are capped before they are ranked: a common fragment ("dev") is in tens of thousands of titles,
// and suggesting a handful must not rank them all.
const candidateCap = 50;

/**
 * Titles of open public jobs for what someone is typing: titles containing it (starting with it first, then
 * with a word starting with it), then titles it is a near miss of (pg_trgm word similarity: "kubernets" →
 * Kubernetes), each title once. Both lookups can use the trigram index on open jobs' titles.
 */
export async function suggestJobTitles(
  db: PrismaClient,
  q: string,
  limit: number,
): Promise<{ id: string; title: string }[]> {
  const term = q.trim();
  if (term.length < minimumTitleQuery || limit <= 0) return [];
  const escaped = likeEscaped(term);
  const similar =
    term.length >= minimumSimilarQuery
      ? Prisma.sql`UNION ALL (SELECT j.id, j.title, 1 AS tier FROM jobs j
          WHERE j.state = 'OPEN' AND j.visibility = 'PUBLIC' AND ${term} <% j.title LIMIT ${candidateCap})`
      : Prisma.empty;
  return db.$queryRaw<{ id: string; title: string }[]>(Prisma.sql`
    WITH candidates AS (
      (SELECT j.id, j.title, 0 AS tier FROM jobs j
        WHERE j.state = 'OPEN' AND j.visibility = 'PUBLIC' AND j.title ILIKE ${`%${escaped}%`} LIMIT ${candidateCap})
      ${similar}
    ), titles AS (
      SELECT DISTINCT ON (lower(c.title)) c.id, c.title, c.tier FROM candidates c ORDER BY lower(c.title), c.tier
    )
    SELECT t.id::text AS id, t.title FROM titles t
    ORDER BY t.tier, t.title ILIKE ${`${escaped}%`} DESC, t.title ILIKE ${`% ${escaped}%`} DESC,
      CASE WHEN t.tier = 1 THEN word_similarity(${term}, t.title) END DESC, length(t.title), t.title, t.id
    LIMIT ${limit}`);
}
