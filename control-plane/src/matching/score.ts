import { availabilityPart } from "./availability.js";
import { rateFitPart } from "./rate-fit.js";
import { skillsPart } from "./skills.js";
import { deliveryRecordPart, reviewsPart } from "./track-record.js";
import type { Match, MatchFreelancer, MatchJob, PartValue, SkillNames } from "./types.js";
import { matchingWeights, partNames, type MatchingWeights, type PartName } from "./weights.js";

const round = (n: number): number => Math.round(n * 10_000) / 10_000;

function partValues(
  job: MatchJob,
  freelancer: MatchFreelancer,
  names: SkillNames,
  weights: MatchingWeights,
): Record<PartName, PartValue> {
  return {
    skills: skillsPart(job.skillIds, freelancer.skillLevels, names, weights.skills),
    rateFit: rateFitPart(job, freelancer, weights.rateFit),
    availability: availabilityPart(job, freelancer, weights.availability),
    deliveryRecord: deliveryRecordPart(freelancer.record, weights.deliveryRecord),
    reviews: reviewsPart(freelancer.record, weights.reviews),
  };
}

/**
 * How well a freelancer fits a job: the weighted sum of the named parts, each with its value, weight,
 * contribution and reason. Pure: the same inputs always give the same score and the same words.
 */
export function scoreMatch(
  job: MatchJob,
  freelancer: MatchFreelancer,
  names: SkillNames = new Map(),
  weights: MatchingWeights = matchingWeights,
): Match {
  const values = partValues(job, freelancer, names, weights);
  const parts = partNames.map((name) => {
    const { value, reason } = values[name];
    const weight = weights.parts[name];
    return { name, value: round(value), weight, contribution: round(value * weight), reason };
  });
  return { score: round(parts.reduce((sum, part) => sum + part.value * part.weight, 0)), parts };
}

/** The best `limit` of scored items, highest score first; ties keep the candidates' order. */
export function topMatches<T extends { match: Match }>(scored: T[], limit: number): T[] {
  return scored
    .map((item, index) => ({ item, index }))
    .sort((a, b) => b.item.match.score - a.item.match.score || a.index - b.index)
    .slice(0, limit)
    .map(({ item }) => item);
}
