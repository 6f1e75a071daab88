// The managed skill vocabulary as the seed sees it: read from the skills table (the migration's 74 skills
// in 8 categories, plus whatever admins added), ranked by demand so picks follow a Zipf-like popularity.
import type pg from "pg";
import { jobTemplates } from "./job-templates.js";
import { Zipf, type Random } from "./random.js";

export type Skill = { id: string; name: string; category: string };

export type Vocabulary = {
  categories: string[];
  /** Skills of each category, most in demand first. */
  byCategory: Map<string, Skill[]>;
  skillById: Map<string, Skill>;
};

/** Share of jobs and freelancers per category, roughly as on general freelance marketplaces. */
const categoryShare: Record<string, number> = {
  "web-development": 28,
  backend: 18,
  data: 14,
  devops: 12,
  design: 10,
  mobile: 9,
  writing: 6,
  security: 3,
};

/** Where a job or freelancer of a category borrows a skill from now and then (a React job wanting Figma). */
const neighbours: Record<string, string[]> = {
  "web-development": ["design", "backend"],
  backend: ["devops", "data", "web-development"],
  devops: ["backend", "security"],
  data: ["backend"],
  mobile: ["design", "web-development"],
  design: ["web-development", "writing"],
  writing: ["design", "web-development"],
  security: ["devops", "backend"],
};

const zipfByCategory = new Map<string, Zipf>();

function rankOf(skill: Skill): number {
  const rank = jobTemplates[skill.category]?.popular.indexOf(skill.id) ?? -1;
  return rank === -1 ? Number.MAX_SAFE_INTEGER : rank;
}

export async function loadVocabulary(db: pg.ClientBase | pg.Pool): Promise<Vocabulary> {
  const { rows } = await db.query<Skill>("SELECT id, name, category FROM skills ORDER BY category, id");
  if (rows.length === 0) throw new Error("the skills table is empty: apply the migrations first");
  const byCategory = new Map<string, Skill[]>();
  for (const skill of rows)
    byCategory.set(skill.category, [...(byCategory.get(skill.category) ?? []), skill]);
  for (const [category, skills] of byCategory) {
    skills.sort((a, b) => rankOf(a) - rankOf(b) || a.id.localeCompare(b.id));
    zipfByCategory.set(category, new Zipf(skills.length, 1.1));
  }
  // Only categories the seed has words for; a category an admin added stays empty rather than gibberish.
  const categories = [...byCategory.keys()].filter((category) => category in jobTemplates);
  return { categories, byCategory, skillById: new Map(rows.map((skill) => [skill.id, skill])) };
}

export function pickCategory(random: Random, vocabulary: Vocabulary): string {
  return random.weighted(vocabulary.categories.map((c) => [c, categoryShare[c] ?? 1] as const));
}

function skillsOf(vocabulary: Vocabulary, category: string): Skill[] {
  const skills = vocabulary.byCategory.get(category);
  if (!skills || skills.length === 0) throw new Error(`no skills in category ${category}`);
  return skills;
}

/** One skill of the category, popular ones far more often than the long tail. */
export function pickSkill(random: Random, vocabulary: Vocabulary, category: string): Skill {
  const skills = skillsOf(vocabulary, category);
  const zipf = zipfByCategory.get(category);
  return skills[zipf ? zipf.sample(random) : 0] ?? random.pick(skills);
}

function neighbourOf(random: Random, vocabulary: Vocabulary, category: string): string {
  const near = (neighbours[category] ?? []).filter((c) => vocabulary.byCategory.has(c));
  return near.length > 0 ? random.pick(near) : category;
}

/**
 * `count` distinct skills, mostly from the category and now and then one from a neighbouring one. The
 * first is the job's or freelancer's main skill.
 */
export function pickSkills(random: Random, vocabulary: Vocabulary, category: string, count: number): Skill[] {
  const picked = new Map<string, Skill>();
  const limit = Math.min(count, skillsOf(vocabulary, category).length + 2);
  for (let attempt = 0; picked.size < limit && attempt < count * 20; attempt += 1) {
    const from = picked.size > 0 && random.chance(0.1) ? neighbourOf(random, vocabulary, category) : category;
    const skill = pickSkill(random, vocabulary, from);
    picked.set(skill.id, skill);
  }
  return [...picked.values()];
}
