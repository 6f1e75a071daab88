import type { Availability, JobDuration } from "../generated/prisma/enums.js";

/** The named parts of a match score, in the order they are shown. */
export const partNames = ["skills", "rateFit", "availability", "deliveryRecord", "reviews"] as const;
export type PartName = (typeof partNames)[number];

/**
 * THE matching configuration: every weight and every constant a part uses, in one object, so a change of
 * policy is one edit here and the unit tests in score.test.ts say what it did to the order.
 */
export type MatchingWeights = {
  /** Each part's share of the score; they sum to 1, so a score is 0..1. */
  parts: Record<PartName, number>;
  skills: {
    /** A skill counts level / maxLevel: an expert (5) fully, a beginner (1) a fifth. */
    maxLevel: number;
  };
  rateFit: {
    /** Over the budget's maximum, the value reaches 0 at this fraction over (0.5: 50% over). */
    overBudgetFalloff: number;
    /** Under the budget's minimum, the value reaches 0 at this fraction under (1: a rate of 0). */
    underBudgetFalloff: number;
    /** No rate on the profile, or another currency than the job's (we do not convert currencies). */
    unknown: number;
    /**
     * Fixed-price jobs: a total cannot be checked against an hourly rate exactly, so the budget is read as
     * the hours it buys at the freelancer's rate. Enough hours for the job's duration scores this ceiling,
     * never a full 1 (the hours are a guess); fewer hours scale it down.
     */
    fixedCeiling: number;
    /** Hours a fixed-price job of each duration plausibly needs. */
    fixedHours: Record<JobDuration, number>;
  };
  /** How well each availability suits a job of each duration. */
  availability: Record<Availability, Record<JobDuration, number>>;
  deliveryRecord: {
    /** Completed contracts saturate: n / (n + this) (3: one contract 0.25, three 0.5, nine 0.75). */
    contractsHalfSaturation: number;
    /** The on-time rate counted when no milestone with a due date was ever submitted. */
    onTimeUnknown: number;
    /** Share of the part that experience (completed contracts) carries; the rest is the on-time rate. */
    experienceShare: number;
    /** Taken off the part for each dispute lost (a refunded milestone). */
    disputePenalty: number;
  };
  reviews: {
    /**
     * A Bayesian average: `priorCount` imaginary reviews of `priorMean` stars are added to the real ones,
     * so one 5★ review does not beat twenty 4.8★ ones.
     */
    priorMean: number;
    priorCount: number;
  };
};

export const matchingWeights: MatchingWeights = {
  parts: { skills: 0.4, rateFit: 0.15, availability: 0.1, deliveryRecord: 0.2, reviews: 0.15 },
  skills: { maxLevel: 5 },
  rateFit: {
    overBudgetFalloff: 0.5,
    underBudgetFalloff: 1,
    unknown: 0.5,
    fixedCeiling: 0.75,
    fixedHours: {
      LESS_THAN_WEEK: 10,
      LESS_THAN_MONTH: 40,
      ONE_TO_THREE_MONTHS: 120,
      MORE_THAN_THREE_MONTHS: 300,
    },
  },
  availability: {
    FULL_TIME: { LESS_THAN_WEEK: 1, LESS_THAN_MONTH: 1, ONE_TO_THREE_MONTHS: 1, MORE_THAN_THREE_MONTHS: 1 },
    // A job due within a week needs full days; a long engagement favours someone full time.
    PART_TIME: {
      LESS_THAN_WEEK: 0.4,
      LESS_THAN_MONTH: 0.7,
      ONE_TO_THREE_MONTHS: 0.7,
      MORE_THAN_THREE_MONTHS: 0.5,
    },
    NOT_AVAILABLE: {
      LESS_THAN_WEEK: 0,
      LESS_THAN_MONTH: 0,
      ONE_TO_THREE_MONTHS: 0,
      MORE_THAN_THREE_MONTHS: 0,
    },
  },
  deliveryRecord: {
    contractsHalfSaturation: 3,
    onTimeUnknown: 0.5,
    experienceShare: 0.5,
    disputePenalty: 0.25,
  },
  reviews: { priorMean: 3.5, priorCount: 5 },
};
