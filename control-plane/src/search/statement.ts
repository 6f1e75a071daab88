import type { Prisma, PrismaClient } from "../database.js";
import { similarityThreshold } from "./text-match.js";

/**
 * Memory for one search's sorts, hashes and materialized rows. At the server default (4 MB) a search over
 * every open job spills its facet cube to disk and sorts it instead of hashing it (about 2.5 times the CPU at
 * 100,000 jobs); 32 MB keeps it in memory. Ten concurrent searches stay well under half a gigabyte.
 */
const searchWorkMem = "32MB";

/**
 * Runs one search statement in a transaction of its own, with settings for it alone (SET LOCAL: the pooled
 * connection goes back unchanged): its working memory, and the trigram threshold of the typo fallback.
 */
export async function searchRows<T>(db: PrismaClient, query: Prisma.Sql): Promise<T[]> {
  const [, rows] = await db.$transaction([
    db.$queryRaw`SELECT set_config('work_mem', ${searchWorkMem}, true),
      set_config('pg_trgm.word_similarity_threshold', ${String(similarityThreshold)}, true)`,
    db.$queryRaw<T[]>(query),
  ]);
  return rows;
}
