import { validationFailed } from "../errors/index.js";
import { Prisma, type PrismaClient } from "../database.js";

/** What a caller may type for a skill: its id, its name in any case, or a synonym; compared in lower case. */
export const skillTermOf = (input: string): string => input.trim().toLowerCase();

/**
 * The canonical id each typed term stands for ("K8s", "kubernetes", "Kubernetes" → "kubernetes"), or null
 * for a term the vocabulary does not know; one answer per term, in order.
 */
export async function skillIdsOfTerms(db: PrismaClient, names: string[]): Promise<(string | null)[]> {
  if (names.length === 0) return [];
  const terms = names.map(skillTermOf);
  const rows = await db.$queryRaw<{ ord: bigint; id: string | null }[]>(Prisma.sql`
    SELECT t.ord, coalesce(s.id, y.skill_id, n.id) AS id
    FROM unnest(${terms}::text[]) WITH ORDINALITY AS t(term, ord)
    LEFT JOIN skills s ON s.id = t.term
    LEFT JOIN skill_synonyms y ON y.synonym = t.term
    LEFT JOIN LATERAL (SELECT id FROM skills WHERE lower(name) = t.term ORDER BY id LIMIT 1) n ON true
    ORDER BY t.ord`);
  return rows.map((row) => row.id);
}

/**
 * Canonical skill ids for what a user typed, de-duplicated in the order given. One unknown term fails the
 * whole list with a 400 naming `${field}.${i}` for each.
 */
export async function resolveSkillIds(db: PrismaClient, names: string[], field: string): Promise<string[]> {
  const ids = await skillIdsOfTerms(db, names);
  const unknown = ids.flatMap((id, i) => (id === null ? [i] : []));
  if (unknown.length > 0) {
    throw validationFailed(unknown.map((i) => ({ field: `${field}.${i}`, message: "is not a known skill" })));
  }
  return [...new Set(ids as string[])];
}

/** Display names of skill ids (unknown ids are left out). */
export async function skillNamesOf(db: PrismaClient, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.skill.findMany({ where: { id: { in: ids } }, select: { id: true, name: true } });
  return new Map(rows.map((row) => [row.id, row.name]));
}
