import type { MatchingWeights } from "./weights.js";
import type { MatchFreelancer, MatchJob, PartValue } from "./types.js";
import { durationWords, money, percent } from "./wording.js";

type RateConfig = MatchingWeights["rateFit"];

/** How the value came about, for the reason (plain data: ranking hundreds of candidates builds no text). */
type Basis =
  | { kind: "no-rate" }
  | { kind: "other-currency" }
  | { kind: "hourly"; verdict: "over" | "under" | "within"; share: number }
  | { kind: "fixed"; hours: number; needed: number };

function hourlyFit(job: MatchJob, rate: number, config: RateConfig): { value: number; basis: Basis } {
  if (rate > job.budgetMaxMinor) {
    const share = (rate - job.budgetMaxMinor) / Math.max(job.budgetMaxMinor, 1);
    const value = Math.max(0, 1 - share / config.overBudgetFalloff);
    return { value, basis: { kind: "hourly", verdict: "over", share } };
  }
  if (rate < job.budgetMinMinor) {
    const share = (job.budgetMinMinor - rate) / job.budgetMinMinor;
    const value = Math.max(0, 1 - share / config.underBudgetFalloff);
    return { value, basis: { kind: "hourly", verdict: "under", share } };
  }
  return { value: 1, basis: { kind: "hourly", verdict: "within", share: 0 } };
}

function fixedFit(job: MatchJob, rate: number, config: RateConfig): { value: number; basis: Basis } {
  const hours = Math.floor(job.budgetMaxMinor / rate);
  const needed = config.fixedHours[job.duration];
  return {
    value: config.fixedCeiling * Math.min(1, hours / needed),
    basis: { kind: "fixed", hours, needed },
  };
}

/**
 * The freelancer's hourly rate against the job's budget. Hourly jobs: inside min..max is 1, falling off
 * linearly outside (faster over the budget than under it). Fixed-price jobs: see `fixedCeiling`.
 */
function rateFit(
  job: MatchJob,
  freelancer: MatchFreelancer,
  config: RateConfig,
): { value: number; basis: Basis } {
  const rate = freelancer.hourlyRateMinor;
  if (rate === null || rate <= 0) return { value: config.unknown, basis: { kind: "no-rate" } };
  if (freelancer.currency !== job.currency)
    return { value: config.unknown, basis: { kind: "other-currency" } };
  return job.billing === "HOURLY" ? hourlyFit(job, rate, config) : fixedFit(job, rate, config);
}

export function rateFitValue(job: MatchJob, freelancer: MatchFreelancer, config: RateConfig): number {
  return rateFit(job, freelancer, config).value;
}

function reasonOf(job: MatchJob, freelancer: MatchFreelancer, basis: Basis, config: RateConfig): string {
  const rate = money(freelancer.hourlyRateMinor ?? 0, job.currency);
  switch (basis.kind) {
    case "no-rate":
      return "No hourly rate on the profile; counted as neutral";
    case "other-currency":
      return `Rate in ${freelancer.currency}, budget in ${job.currency}: not compared; counted as neutral`;
    case "hourly": {
      const budget = `${money(job.budgetMinMinor, job.currency)}–${money(job.budgetMaxMinor, job.currency)}/h`;
      const verdict = basis.verdict === "within" ? "within" : `${percent(basis.share)} ${basis.verdict}`;
      return `${rate}/h is ${verdict} the ${budget} budget`;
    }
    case "fixed": {
      const buys = `A fixed budget of up to ${money(job.budgetMaxMinor, job.currency)} buys about ${basis.hours} h at ${rate}/h`;
      const enough = `enough for ${durationWords[job.duration]} (fixed price counts at most ${config.fixedCeiling})`;
      const short = `${durationWords[job.duration]} needs about ${basis.needed} h`;
      return `${buys}; ${basis.hours >= basis.needed ? enough : short}`;
    }
  }
}

/** The rate part with its reason. */
export function rateFitPart(job: MatchJob, freelancer: MatchFreelancer, config: RateConfig): PartValue {
  const { value, basis } = rateFit(job, freelancer, config);
  return { value, reason: reasonOf(job, freelancer, basis, config) };
}
