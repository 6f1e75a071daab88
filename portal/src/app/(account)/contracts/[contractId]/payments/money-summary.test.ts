import { describe, expect, it } from "vitest";
import { moneySummaryOf } from "./money-summary";

const m = (state: string, amountMinor: number) => ({ state, amount: { amountMinor, currency: "EUR" } });

describe("moneySummaryOf", () => {
  it("puts each milestone's amount where its state says the money is", () => {
    expect(
      moneySummaryOf([
        m("pending", 1),
        m("funded", 10),
        m("in_progress", 20),
        m("submitted", 40),
        m("changes_requested", 80),
        m("disputed", 160),
        m("approved", 320),
        m("refunded", 640),
        m("cancelled", 1280),
      ]),
    ).toEqual({ notFunded: 1, inEscrow: 310, released: 320, refunded: 640 });
  });

  it("is all zero for no milestones", () => {
    expect(moneySummaryOf([])).toEqual({ notFunded: 0, inEscrow: 0, released: 0, refunded: 0 });
  });
});
