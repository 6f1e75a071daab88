export { resolveSkillIds, skillIdsOfTerms, skillNamesOf, skillTermOf } from "./vocabulary.js";
export { suggestSkills, type SkillSuggestion } from "./suggest.js";
export { addSkill, addSynonym, listSkills, type SkillView } from "./admin.js";
