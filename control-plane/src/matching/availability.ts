import type { MatchingWeights } from "./weights.js";
import type { MatchFreelancer, MatchJob, PartValue } from "./types.js";
import { durationWords } from "./wording.js";

const availabilityWords = {
  FULL_TIME: "Available full time",
  PART_TIME: "Available part time",
  NOT_AVAILABLE: "Not available for new work",
} as const;

/** The freelancer's availability against the job's expected duration (a table in the config). */
export function availabilityValue(
  job: MatchJob,
  freelancer: MatchFreelancer,
  config: MatchingWeights["availability"],
): number {
  return config[freelancer.availability][job.duration];
}

/** The availability part with its reason. */
export function availabilityPart(
  job: MatchJob,
  freelancer: MatchFreelancer,
  config: MatchingWeights["availability"],
): PartValue {
  const value = availabilityValue(job, freelancer, config);
  const words = availabilityWords[freelancer.availability];
  if (freelancer.availability === "NOT_AVAILABLE") return { value, reason: words };
  const fit = value >= 1 ? "suits" : value >= 0.5 ? "partly suits" : "hardly suits";
  return { value, reason: `${words}: ${fit} ${durationWords[job.duration]}` };
}
