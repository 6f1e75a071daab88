import type { PrismaClient } from "../database.js";
import { skillNamesOf } from "../skills/index.js";
import type { SkillNames } from "./types.js";

// Skill names only dress up reasons, and the vocabulary changes rarely (an admin adds a skill), so "jobs for
// you" reads them from memory instead of spending a round trip per request; a name is re-read after a while.
const ttlMs = 10 * 60_000;
const cache = new Map<string, { name: string; readAt: number }>();

/** Display names of skill ids, from memory when read in the last ten minutes. */
export async function cachedSkillNames(db: PrismaClient, ids: string[]): Promise<SkillNames> {
  const now = Date.now();
  const stale = ids.filter((id) => now - (cache.get(id)?.readAt ?? -Infinity) > ttlMs);
  if (stale.length > 0) {
    const fresh = await skillNamesOf(db, stale);
    for (const [id, name] of fresh) cache.set(id, { name, readAt: now });
  }
  return new Map(ids.flatMap((id) => (cache.has(id) ? [[id, cache.get(id)?.name ?? id] as const] : [])));
}
