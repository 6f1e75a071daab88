export { matchingWeights, partNames, type MatchingWeights, type PartName } from "./weights.js";
export { best, matchScore, scoreMatch } from "./score.js";
export type { Match, MatchFreelancer, MatchJob, MatchPart, SkillNames } from "./types.js";
export { freelancerFactsOf, type FreelancerFacts } from "./freelancers.js";
export { matchesForJob, type FreelancerMatch } from "./job-matches.js";
export { jobsForFreelancer, type JobFacts, type JobMatch } from "./jobs-for-you.js";
export { matchJobOf, skillNamesOfJob } from "./job-of.js";
