import { conflict, fromDatabaseError, notFound, validationFailed } from "../errors/index.js";
import { Prisma, type PrismaClient } from "../database.js";
import { skillIdsOfTerms, skillTermOf } from "./vocabulary.js";

export type SkillView = { id: string; name: string; category: string; synonyms: string[] };

const skillTaken = (term: string): ReturnType<typeof conflict> =>
  conflict("SKP_SKILL_EXISTS", `"${term}" already names a skill`);
const synonymTaken = (term: string): ReturnType<typeof conflict> =>
  conflict("SKP_SYNONYM_TAKEN", `"${term}" already names a skill`);

/** The vocabulary (optionally one category), each skill with its synonyms, by category then name. */
export async function listSkills(db: PrismaClient, category?: string): Promise<SkillView[]> {
  const skills = await db.skill.findMany({
    where: category === undefined ? {} : { category },
    include: { synonyms: { select: { synonym: true }, orderBy: { synonym: "asc" } } },
    orderBy: [{ category: "asc" }, { name: "asc" }],
  });
  return skills.map(({ synonyms, ...skill }) => ({ ...skill, synonyms: synonyms.map((s) => s.synonym) }));
}

/**
 * Adds a skill. Its id and name must not already stand for a skill (as an id, a name or a synonym): every
 * word resolves to exactly one skill.
 */
export async function addSkill(
  db: PrismaClient,
  skill: { id: string; name: string; category: string },
): Promise<SkillView> {
  if (skill.name.trim() === "") throw validationFailed([{ field: "name", message: "is blank" }]);
  const [byId, byName] = await skillIdsOfTerms(db, [skill.id, skill.name]);
  if (byId !== null) throw skillTaken(skill.id);
  if (byName !== null) throw skillTaken(skill.name);
  const created = await db.skill
    .create({ data: { id: skill.id, name: skill.name.trim(), category: skill.category } })
    .catch((error: unknown) => {
      throw fromDatabaseError(error, { skills_pkey: skillTaken(skill.id) });
    });
  return { ...created, synonyms: [] };
}

/** Adds another word for a skill ("k8s" → kubernetes); stored in lower case, as resolution compares. */
export async function addSynonym(db: PrismaClient, skillId: string, synonym: string): Promise<SkillView> {
  const term = skillTermOf(synonym);
  if (term === "") throw validationFailed([{ field: "synonym", message: "is blank" }]);
  const skill = await db.skill.findUnique({ where: { id: skillId } });
  if (!skill) throw notFound("Skill");
  const [existing] = await skillIdsOfTerms(db, [term]);
  if (existing !== null) throw synonymTaken(term);
  await db.skillSynonym.create({ data: { synonym: term, skillId } }).catch((error: unknown) => {
    throw fromDatabaseError(error, { skill_synonyms_pkey: synonymTaken(term) });
  });
  await refreshSearchWords(db, skillId);
  const synonyms = await db.skillSynonym.findMany({ where: { skillId }, orderBy: { synonym: "asc" } });
  return { ...skill, synonyms: synonyms.map((s) => s.synonym) };
}

/**
 * Search vectors hold a skill's words (its synonyms too): rewriting skill_ids fires the triggers that
 * rebuild them, so a job or profile with the skill is found by its new synonym at once.
 */
async function refreshSearchWords(db: PrismaClient, skillId: string): Promise<void> {
  const having = Prisma.sql`skill_ids @> ARRAY[${skillId}]::text[]`;
  await db.$executeRaw(Prisma.sql`UPDATE jobs SET skill_ids = skill_ids WHERE ${having}`);
  await db.$executeRaw(Prisma.sql`UPDATE freelancer_profiles SET skill_ids = skill_ids WHERE ${having}`);
}
