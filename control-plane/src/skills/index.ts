export { resolveSkillIds, skillNamesOf } from "./vocabulary.js";
export { suggestSkills, type SkillSuggestion } from "./suggest.js";
