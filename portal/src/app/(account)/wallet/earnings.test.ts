import { describe, expect, it } from "vitest";
import { paidOutBars, paidOutCurrencies, periodStart } from "./earnings";

const entry = (
  kind: string,
  amountMinor: number,
  createdAt: string,
  account = "payable",
  currency = "EUR",
) => ({
  kind,
  account,
  amount: { amountMinor, currency },
  createdAt,
});

describe("periodStart", () => {
  it("starts weeks on Monday and months on the 1st, in UTC", () => {
    expect(periodStart(new Date("2026-12-07T13:00:00Z"), "week").toISOString()).toBe(
      "2026-12-07T00:00:00.000Z",
    );
    expect(periodStart(new Date("2026-12-13T23:59:00Z"), "week").toISOString()).toBe(
      "2026-12-07T00:00:00.000Z",
    );
    expect(periodStart(new Date("2026-12-13T23:59:00Z"), "month").toISOString()).toBe(
      "2026-12-01T00:00:00.000Z",
    );
  });
});

describe("paidOutBars", () => {
  const now = new Date("2026-12-09T12:00:00Z");
  const entries = [
    entry("RELEASE_ESCROW", 450000, "2026-12-07T10:00:00Z"),
    entry("PAYOUT", -405000, "2026-12-07T10:00:01Z"),
    entry("WITHDRAWAL", -10000, "2026-11-30T10:00:00Z"),
    entry("REVERSE_WITHDRAWAL", 10000, "2026-12-01T10:00:00Z"),
    entry("WITHDRAWAL", -2000, "2026-11-24T10:00:00Z"),
    entry("DEPOSIT", 99999, "2026-12-08T10:00:00Z", "wallet"),
    entry("PAYOUT", -7000, "2026-12-08T10:00:00Z", "payable", "USD"),
    entry("PAYOUT", -1, "2025-01-01T10:00:00Z"),
  ];

  it("sums what left the payable per week, oldest week first, returned withdrawals taken back", () => {
    expect(paidOutBars(entries, { currency: "EUR", period: "week", now, count: 3 })).toEqual([
      { label: "23 Nov", value: 2000 },
      { label: "30 Nov", value: 0 },
      { label: "7 Dec", value: 405000 },
    ]);
  });

  it("sums per month", () => {
    expect(paidOutBars(entries, { currency: "EUR", period: "month", now, count: 2 })).toEqual([
      { label: "Nov 2026", value: 12000 },
      { label: "Dec 2026", value: 395000 },
    ]);
  });

  it("lists the currencies paid out in, the largest first", () => {
    expect(paidOutCurrencies(entries)).toEqual(["EUR", "USD"]);
    expect(paidOutCurrencies([])).toEqual([]);
  });
});
