import type { MatchingWeights } from "./weights.js";
import type { MatchFreelancer, MatchJob, PartValue } from "./types.js";
import { durationWords, money, percent } from "./wording.js";

type RateConfig = MatchingWeights["rateFit"];

/**
 * The freelancer's hourly rate against the job's budget. Hourly jobs: inside min..max is 1, falling off
 * linearly outside (faster over the budget than under it). Fixed-price jobs: see `fixedCeiling`.
 */
export function rateFitPart(job: MatchJob, freelancer: MatchFreelancer, config: RateConfig): PartValue {
  const rate = freelancer.hourlyRateMinor;
  if (rate === null || rate <= 0)
    return { value: config.unknown, reason: "No hourly rate on the profile; counted as neutral" };
  if (freelancer.currency !== job.currency)
    return {
      value: config.unknown,
      reason: `Rate in ${freelancer.currency}, budget in ${job.currency}: not compared; counted as neutral`,
    };
  return job.billing === "HOURLY" ? hourlyFit(job, rate, config) : fixedFit(job, rate, config);
}

function hourlyFit(job: MatchJob, rate: number, config: RateConfig): PartValue {
  const shown = `${money(rate, job.currency)}/h`;
  const budget = `${money(job.budgetMinMinor, job.currency)}–${money(job.budgetMaxMinor, job.currency)}/h`;
  if (rate > job.budgetMaxMinor) {
    const over = (rate - job.budgetMaxMinor) / Math.max(job.budgetMaxMinor, 1);
    const value = Math.max(0, 1 - over / config.overBudgetFalloff);
    return { value, reason: `${shown} is ${percent(over)} over the ${budget} budget` };
  }
  if (rate < job.budgetMinMinor) {
    const under = (job.budgetMinMinor - rate) / job.budgetMinMinor;
    const value = Math.max(0, 1 - under / config.underBudgetFalloff);
    return { value, reason: `${shown} is ${percent(under)} under the ${budget} budget` };
  }
  return { value: 1, reason: `${shown} is within the ${budget} budget` };
}

function fixedFit(job: MatchJob, rate: number, config: RateConfig): PartValue {
  const hours = Math.floor(job.budgetMaxMinor / rate);
  const needed = config.fixedHours[job.duration];
  const value = config.fixedCeiling * Math.min(1, hours / needed);
  const buys = `A fixed budget of up to ${money(job.budgetMaxMinor, job.currency)} buys about ${hours} h at ${money(rate, job.currency)}/h`;
  const verdict =
    hours >= needed
      ? `enough for ${durationWords[job.duration]} (fixed price counts at most ${config.fixedCeiling})`
      : `${durationWords[job.duration]} needs about ${needed} h`;
  return { value, reason: `${buys}; ${verdict}` };
}
