import type { JobDuration } from "../generated/prisma/enums.js";

// How reasons spell money, durations and shares: for people, in English, the same way in every part.

type Format = { format: Intl.NumberFormat; digits: number };
const formats = new Map<string, Format>();

function formatOf(currency: string): Format {
  let format = formats.get(currency);
  if (!format) {
    // Intl knows each currency's minor unit (2 for USD, 0 for JPY, 3 for KWD); an unknown code gets 2.
    // resolvedOptions() costs tens of microseconds: read once per currency, not once per reason.
    const intl = new Intl.NumberFormat("en-US", { style: "currency", currency });
    format = { format: intl, digits: intl.resolvedOptions().maximumFractionDigits ?? 2 };
    formats.set(currency, format);
  }
  return format;
}

/** 1234500 USD minor units → "$12,345"; cents only when there are some. */
export function money(amountMinor: number, currency: string): string {
  const { format, digits } = formatOf(currency);
  const amount = amountMinor / 10 ** digits;
  const text = format.format(amount);
  return Number.isInteger(amount) ? text.replace(/\.0+$/, "") : text;
}

export const durationWords: Record<JobDuration, string> = {
  LESS_THAN_WEEK: "a job of less than a week",
  LESS_THAN_MONTH: "a job of less than a month",
  ONE_TO_THREE_MONTHS: "a job of 1 to 3 months",
  MORE_THAN_THREE_MONTHS: "a job of more than 3 months",
};

export const percent = (share: number): string => `${Math.round(share * 100)}%`;

export const plural = (count: number, one: string, many = `${one}s`): string =>
  `${count} ${count === 1 ? one : many}`;

/** "a, b and c". */
export function listWords(words: string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words.at(-1)}`;
}
