import type { MatchingWeights } from "./weights.js";
import type { PartValue, SkillNames } from "./types.js";
import { listWords } from "./wording.js";

/**
 * Overlap of the job's skills with the freelancer's, each matched skill counting its level out of the top
 * level. Synonym-aware by construction: both sides hold canonical ids ("k8s" was stored as "kubernetes").
 */
export function skillsValue(
  jobSkillIds: string[],
  levels: Record<string, number>,
  config: MatchingWeights["skills"],
): number {
  if (jobSkillIds.length === 0) return 0;
  let sum = 0;
  for (const id of jobSkillIds) sum += Math.min(levels[id] ?? 0, config.maxLevel);
  return sum / (config.maxLevel * jobSkillIds.length);
}

/** The skills part with its reason: which of the job's skills the freelancer has, at what level. */
export function skillsPart(
  jobSkillIds: string[],
  levels: Record<string, number>,
  names: SkillNames,
  config: MatchingWeights["skills"],
): PartValue {
  const value = skillsValue(jobSkillIds, levels, config);
  if (jobSkillIds.length === 0) return { value, reason: "The job lists no skills to match" };
  const nameOf = (id: string): string => names.get(id) ?? id;
  const matched = jobSkillIds.filter((id) => (levels[id] ?? 0) > 0);
  const missing = jobSkillIds.filter((id) => !matched.includes(id));
  if (matched.length === 0)
    return { value, reason: `Has none of the job's skills (${listWords(missing.map(nameOf))})` };
  const has = matched.map((id) => `${nameOf(id)} ${levels[id]}/${config.maxLevel}`);
  const lacks = missing.length > 0 ? `; missing ${listWords(missing.map(nameOf))}` : "";
  return {
    value,
    reason: `Has ${matched.length} of the job's ${jobSkillIds.length} skills (${listWords(has)})${lacks}`,
  };
}
