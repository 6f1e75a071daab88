import { formatMoney, type Money } from "../../lib/money";

type Budget = { minMinor: number; maxMinor: number; currency: string };

/** A job's budget: a range (or one amount), per hour for hourly jobs. */
export function budgetText(budget: Budget, billing: string): string {
  const min = formatMoney({ amountMinor: budget.minMinor, currency: budget.currency });
  const max = formatMoney({ amountMinor: budget.maxMinor, currency: budget.currency });
  const range = budget.minMinor === budget.maxMinor ? min : `${min} – ${max}`;
  return billing === "HOURLY" ? `${range} per hour` : range;
}

export function rateText(rate: Money | null | undefined): string {
  return rate ? `${formatMoney(rate)} per hour` : "Rate not set";
}

/** An hourly contract's weekly cap: minutes as hours ("up to 20 hours a week"). */
export function weeklyLimitText(minutes: number | null | undefined): string {
  if (!minutes) return "No weekly limit";
  const hours = minutes / 60;
  return `Up to ${Number.isInteger(hours) ? hours : hours.toFixed(1)} hours a week`;
}

export function ratingText(average: number | null, count: number): string {
  if (average === null || count === 0) return "No reviews yet";
  return `${average.toFixed(1)} out of 5 from ${count} review${count === 1 ? "" : "s"}`;
}

export function percentText(share: number | null | undefined): string {
  return share === null || share === undefined ? "—" : `${Math.round(share * 100)}%`;
}

/** A budget band's ends (minor units, any currency) as plain numbers: "100 – 500", "5,000 or more". */
export function bandText(minMinor: number | undefined, maxMinor: number | null | undefined): string {
  const units = (minor: number): string => new Intl.NumberFormat("en").format(Math.round(minor / 100));
  if (maxMinor === null || maxMinor === undefined) return `${units(minMinor ?? 0)} or more`;
  if (!minMinor) return `Under ${units(maxMinor + 1)}`;
  return `${units(minMinor)} – ${units(maxMinor + 1)}`;
}
