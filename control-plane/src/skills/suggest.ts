import { Prisma, type PrismaClient } from "../database.js";

export type SkillSuggestion = { id: string; name: string; category: string };

/**
 * Trigram similarity that still counts as a typo. Below pg_trgm's 0.3 default: a swapped pair of letters in
 * a short word ("pyhton") scores 0.27. The vocabulary is small enough to compare with every skill.
 */
const typoSimilarity = 0.25;

const likeEscaped = (value: string): string => value.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Autocomplete for skills: what starts with the typed text (name, id or synonym: "k8" → Kubernetes) comes
 * first, then a word of a name starting with it ("kaf" → Apache Kafka), then near misses by trigram
 * similarity so a typo still finds the skill ("kubernets" → Kubernetes).
 */
export async function suggestSkills(
  db: PrismaClient,
  prefix: string,
  limit: number,
): Promise<SkillSuggestion[]> {
  const term = prefix.trim().toLowerCase();
  if (term.length === 0 || limit <= 0) return [];
  const starts = `${likeEscaped(term)}%`;
  const wordStarts = `% ${likeEscaped(term)}%`;
  return db.$queryRaw<SkillSuggestion[]>(Prisma.sql`
    WITH matches AS (
      SELECT s.id, 0 AS tier, 1::real AS score FROM skills s
        WHERE s.name ILIKE ${starts} OR s.id LIKE ${starts}
      UNION ALL
      SELECT y.skill_id, 0, 1::real FROM skill_synonyms y WHERE y.synonym LIKE ${starts}
      UNION ALL
      SELECT s.id, 1, 1::real FROM skills s WHERE s.name ILIKE ${wordStarts}
      UNION ALL
      SELECT s.id, 2, similarity(lower(s.name), ${term}) FROM skills s
        WHERE similarity(lower(s.name), ${term}) >= ${typoSimilarity}
      UNION ALL
      SELECT y.skill_id, 2, similarity(y.synonym, ${term}) FROM skill_synonyms y
        WHERE similarity(y.synonym, ${term}) >= ${typoSimilarity}
    ), best AS (
      SELECT DISTINCT ON (id) id, tier, score FROM matches ORDER BY id, tier, score DESC
    )
    SELECT s.id, s.name, s.category FROM best b JOIN skills s ON s.id = b.id
    ORDER BY b.tier, b.score DESC, length(s.name), s.name
    LIMIT ${limit}`);
}
