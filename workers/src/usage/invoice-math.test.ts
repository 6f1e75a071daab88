import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { invoiceAmounts, isoWeekStart, weekMs, weekStartDate } from "./invoice-math.js";

const at = (iso: string): number => Date.parse(iso);
// 1900–2200, both sides of the epoch.
const anyTime = fc.integer({ min: -2_208_988_800_000, max: 7_258_118_400_000 });

describe("isoWeekStart", () => {
  it("answers Monday 00:00 UTC of the week", () => {
    expect(weekStartDate(isoWeekStart(at("2026-11-22T23:59:59.999Z")))).toBe("2026-11-16"); // a Sunday
    expect(isoWeekStart(at("2026-11-23T00:00:00.000Z"))).toBe(at("2026-11-23T00:00:00.000Z"));
    expect(weekStartDate(isoWeekStart(at("2026-11-25T12:30:00Z")))).toBe("2026-11-23");
    // ISO week 1 of 2027 starts in 2026.
    expect(weekStartDate(isoWeekStart(at("2027-01-01T08:00:00Z")))).toBe("2026-12-28");
    expect(weekStartDate(isoWeekStart(at("1969-12-31T23:00:00Z")))).toBe("1969-12-29");
  });

  it("is a Monday midnight at or before the time, less than a week before it", () => {
    fc.assert(
      fc.property(anyTime, (t) => {
        const start = isoWeekStart(t);
        const date = new Date(start);
        expect(date.getUTCDay()).toBe(1);
        expect(date.toISOString().slice(11)).toBe("00:00:00.000Z");
        expect(start).toBeLessThanOrEqual(t);
        expect(t - start).toBeLessThan(weekMs);
        expect(isoWeekStart(start)).toBe(start);
      }),
    );
  });
});

describe("invoiceAmounts", () => {
  const terms = { hourlyRateMinor: 6000n, weeklyLimitMinutes: 120 };

  it("bills whole minutes at the hourly rate", () => {
    expect(invoiceAmounts(90 * 60 + 59, terms)).toEqual({
      meteredMinutes: 90,
      billableMinutes: 90,
      amountMinor: 9000n,
      capped: false,
    });
    expect(invoiceAmounts(59, terms)).toMatchObject({ meteredMinutes: 0, amountMinor: 0n });
  });

  it("caps billable minutes at the weekly limit", () => {
    expect(invoiceAmounts(5 * 3600, terms)).toEqual({
      meteredMinutes: 300,
      billableMinutes: 120,
      amountMinor: 12_000n,
      capped: true,
    });
    // Exactly at the limit is not capped: nothing was cut.
    expect(invoiceAmounts(120 * 60, terms).capped).toBe(false);
    expect(invoiceAmounts(10 * 3600, { ...terms, weeklyLimitMinutes: null })).toMatchObject({
      billableMinutes: 600,
      capped: false,
    });
  });

  it("rounds fractions of a minor unit down", () => {
    // 1 minute at 99 minor/hour is 1.65 minor units.
    expect(invoiceAmounts(60, { hourlyRateMinor: 99n, weeklyLimitMinutes: null }).amountMinor).toBe(1n);
    expect(invoiceAmounts(59 * 60, { hourlyRateMinor: 1n, weeklyLimitMinutes: null }).amountMinor).toBe(0n);
  });

  it("stays exact beyond 2^53 minor units", () => {
    const rate = 9_007_199_254_740_993n; // 2^53 + 1
    expect(invoiceAmounts(60 * 60, { hourlyRateMinor: rate, weeklyLimitMinutes: null }).amountMinor).toBe(
      rate,
    );
  });

  it("rejects negative or fractional seconds", () => {
    expect(() => invoiceAmounts(-1, terms)).toThrow(RangeError);
    expect(() => invoiceAmounts(1.5, terms)).toThrow(RangeError);
  });

  it("never bills more than the limit or the metered time, and rounds down by less than one unit", () => {
    const input = fc.record({
      seconds: fc.integer({ min: 0, max: 10_000_000 }),
      rate: fc.bigInt({ min: 0n, max: 10n ** 12n }),
      limit: fc.option(fc.integer({ min: 0, max: 20_000 })),
    });
    fc.assert(
      fc.property(input, ({ seconds, rate, limit }) => {
        const line = invoiceAmounts(seconds, { hourlyRateMinor: rate, weeklyLimitMinutes: limit });
        expect(line.meteredMinutes * 60).toBeLessThanOrEqual(seconds);
        expect(seconds - line.meteredMinutes * 60).toBeLessThan(60);
        expect(line.billableMinutes).toBeLessThanOrEqual(line.meteredMinutes);
        if (limit !== null) expect(line.billableMinutes).toBeLessThanOrEqual(limit);
        expect(line.capped).toBe(limit !== null && line.meteredMinutes > limit);
        if (!line.capped) expect(line.billableMinutes).toBe(line.meteredMinutes);
        const exact = BigInt(line.billableMinutes) * rate; // 60 × the amount, unrounded
        expect(line.amountMinor * 60n <= exact && exact < (line.amountMinor + 1n) * 60n).toBe(true);
      }),
    );
  });

  it("never bills less for more time", () => {
    const input = fc.tuple(
      fc.integer({ min: 0, max: 1_000_000 }),
      fc.integer({ min: 0, max: 1_000_000 }),
      fc.option(fc.integer({ min: 0, max: 20_000 })),
    );
    fc.assert(
      fc.property(input, ([a, b, limit]) => {
        const t = { hourlyRateMinor: 4321n, weeklyLimitMinutes: limit };
        const [less, more] = a <= b ? [a, b] : [b, a];
        expect(invoiceAmounts(less, t).amountMinor <= invoiceAmounts(more, t).amountMinor).toBe(true);
      }),
    );
  });
});
