import { validationFailed } from "../errors/index.js";
import { Prisma, type PrismaClient } from "../database.js";

/** What a caller may type for a skill: its id, its name in any case, or a synonym; compared in lower case. */
const termOf = (input: string): string => input.trim().toLowerCase();

/**
 * Canonical skill ids for what a user typed ("K8s", "kubernetes", "Kubernetes" → "kubernetes"), de-duplicated
 * in the order given. One unknown term fails the whole list with a 400 naming `${field}.${i}` for each.
 */
export async function resolveSkillIds(db: PrismaClient, names: string[], field: string): Promise<string[]> {
  if (names.length === 0) return [];
  const terms = names.map(termOf);
  const rows = await db.$queryRaw<{ ord: bigint; id: string | null }[]>(Prisma.sql`
    SELECT t.ord, coalesce(s.id, y.skill_id, n.id) AS id
    FROM unnest(${terms}::text[]) WITH ORDINALITY AS t(term, ord)
    LEFT JOIN skills s ON s.id = t.term
    LEFT JOIN skill_synonyms y ON y.synonym = t.term
    LEFT JOIN LATERAL (SELECT id FROM skills WHERE lower(name) = t.term ORDER BY id LIMIT 1) n ON true
    ORDER BY t.ord`);
  const unknown = rows.filter((row) => row.id === null).map((row) => Number(row.ord) - 1);
  if (unknown.length > 0) {
    throw validationFailed(unknown.map((i) => ({ field: `${field}.${i}`, message: "is not a known skill" })));
  }
  return [...new Set(rows.map((row) => row.id as string))];
}

/** Display names of skill ids (unknown ids are left out). */
export async function skillNamesOf(db: PrismaClient, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.skill.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(rows.map((row) => [row.id, row.name]));
}
