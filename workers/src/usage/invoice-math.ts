// Billing arithmetic for hourly contracts. Integers only: seconds, whole minutes and minor currency units.

const dayMs = 86_400_000;
export const weekMs = 7 * dayMs;

/** Monday 00:00 UTC of the ISO week containing `ms` (epoch milliseconds). */
export function isoWeekStart(ms: number): number {
  const midnight = Math.floor(ms / dayMs) * dayMs;
  // getUTCDay(): Sunday 0 … Saturday 6; ISO weeks start on Monday.
  const daysSinceMonday = (new Date(midnight).getUTCDay() + 6) % 7;
  return midnight - daysSinceMonday * dayMs;
}

/** The week as the invoice_lines.week_start DATE column spells it. */
export function weekStartDate(weekStartMs: number): string {
  return new Date(weekStartMs).toISOString().slice(0, 10);
}

export type InvoiceTerms = {
  hourlyRateMinor: bigint;
  /** null: the contract has no weekly limit. */
  weeklyLimitMinutes: number | null;
};

export type InvoiceAmounts = {
  meteredMinutes: number;
  billableMinutes: number;
  amountMinor: bigint;
  capped: boolean;
};

/**
 * One ISO week of an hourly contract. Rounding is always down, in the client's favour, and happens twice:
 * the week's metered seconds become whole minutes (a started minute is not billed), and the minutes times
 * the hourly rate become whole minor units (a fraction of a cent is not billed). Rounding the week's total
 * rather than each record keeps short metering intervals from losing a minute each.
 */
export function invoiceAmounts(meteredSeconds: number, terms: InvoiceTerms): InvoiceAmounts {
  if (!Number.isSafeInteger(meteredSeconds) || meteredSeconds < 0) {
    throw new RangeError(`metered seconds must be a non-negative integer, got ${meteredSeconds}`);
  }
  if (terms.hourlyRateMinor < 0n) throw new RangeError("the hourly rate must not be negative");
  const meteredMinutes = Math.floor(meteredSeconds / 60);
  const limit = terms.weeklyLimitMinutes;
  const capped = limit !== null && meteredMinutes > limit;
  const billableMinutes = capped ? Math.max(0, limit) : meteredMinutes;
  // bigint division truncates, which is floor for non-negative operands.
  const amountMinor = (BigInt(billableMinutes) * terms.hourlyRateMinor) / 60n;
  return { meteredMinutes, billableMinutes, amountMinor, capped };
}
