import { availabilityPart, availabilityValue } from "./availability.js";
import { rateFitPart, rateFitValue } from "./rate-fit.js";
import { skillsPart, skillsValue } from "./skills.js";
import { deliveryRecordPart, deliveryRecordValue, reviewsPart, reviewsValue } from "./track-record.js";
import type { Match, MatchFreelancer, MatchJob, SkillNames } from "./types.js";
import { matchingWeights, partNames, type MatchingWeights, type PartName } from "./weights.js";

const round = (n: number): number => Math.round(n * 10_000) / 10_000;

function sumOf(values: Record<PartName, number>, weights: MatchingWeights): number {
  let sum = 0;
  for (const name of partNames) sum += values[name] * weights.parts[name];
  return round(sum);
}

/**
 * The score alone, exactly the one scoreMatch shows, without writing any reason: ranking a few hundred
 * candidates needs the values, and only the few shown need the words.
 */
export function matchScore(
  job: MatchJob,
  freelancer: MatchFreelancer,
  weights: MatchingWeights = matchingWeights,
): number {
  return sumOf(
    {
      skills: skillsValue(job.skillIds, freelancer.skillLevels, weights.skills),
      rateFit: rateFitValue(job, freelancer, weights.rateFit),
      availability: availabilityValue(job, freelancer, weights.availability),
      deliveryRecord: deliveryRecordValue(freelancer.record, weights.deliveryRecord),
      reviews: reviewsValue(freelancer.record, weights.reviews),
    },
    weights,
  );
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
  const explained = {
    skills: skillsPart(job.skillIds, freelancer.skillLevels, names, weights.skills),
    rateFit: rateFitPart(job, freelancer, weights.rateFit),
    availability: availabilityPart(job, freelancer, weights.availability),
    deliveryRecord: deliveryRecordPart(freelancer.record, weights.deliveryRecord),
    reviews: reviewsPart(freelancer.record, weights.reviews),
  };
  const parts = partNames.map((name) => {
    const { value, reason } = explained[name];
    const weight = weights.parts[name];
    return { name, value: round(value), weight, contribution: round(value * weight), reason };
  });
  const values = Object.fromEntries(partNames.map((name) => [name, explained[name].value]));
  return { score: sumOf(values as Record<PartName, number>, weights), parts };
}

/** The best `limit` items by score, highest first; ties keep the items' order. */
export function best<T>(items: T[], scoreOf: (item: T) => number, limit: number): T[] {
  return items
    .map((item, index) => ({ item, index, score: scoreOf(item) }))
    .sort((a, b) => b.score - a.score || a.index - b.index)
    .slice(0, limit)
    .map(({ item }) => item);
}
