import type { ClientHistory, PostedWithin } from "./types.js";

/**
 * A range of money in integer minor units, both ends inclusive; `maxMinor: null` is open-ended. A band's
 * facet count is exactly what the search gives with budgetMin/budgetMax (rateMin/rateMax) set to its ends.
 */
export type Band = { value: string; minMinor: number; maxMinor: number | null };

/** Job budget bands (a job is in every band its budget range overlaps). */
export const budgetBands: readonly Band[] = [
  { value: "under-100", minMinor: 0, maxMinor: 9_999 },
  { value: "100-500", minMinor: 10_000, maxMinor: 49_999 },
  { value: "500-1000", minMinor: 50_000, maxMinor: 99_999 },
  { value: "1000-5000", minMinor: 100_000, maxMinor: 499_999 },
  { value: "5000-plus", minMinor: 500_000, maxMinor: null },
];

/** Freelancer hourly rate bands. */
export const rateBands: readonly Band[] = [
  { value: "under-25", minMinor: 0, maxMinor: 2_499 },
  { value: "25-50", minMinor: 2_500, maxMinor: 4_999 },
  { value: "50-100", minMinor: 5_000, maxMinor: 9_999 },
  { value: "100-150", minMinor: 10_000, maxMinor: 14_999 },
  { value: "150-plus", minMinor: 15_000, maxMinor: null },
];

/** "Posted within": each window in days, shortest first (the facet counts are cumulative). */
export const postedWindows: Readonly<Record<PostedWithin, number>> = { "1d": 1, "3d": 3, "7d": 7, "30d": 30 };

export const clientHistories: readonly ClientHistory[] = ["hired", "new"];

/**
 * A client "has hired" once a contract of theirs went beyond the offer: it is active or completed (contract
 * states are written by the workers in lower case). New clients have no such contract yet.
 */
export const hiredContractStates: readonly string[] = ["active", "completed"];
