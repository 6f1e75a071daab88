import { describe, expect, it } from "vitest";
import { timelineWords } from "./timeline-words";

const context = { milestoneTitle: (id: string | null): string => (id ? `“${id}”` : "the contract") };
const item = (type: string, extra: Partial<Parameters<typeof timelineWords>[0]> = {}) => ({
  type,
  milestoneId: "m1",
  details: {},
  amount: null,
  ...extra,
});

describe("timelineWords", () => {
  it("says a party's move after their name", () => {
    expect(timelineWords(item("contract.submitted"), context)).toEqual({
      actorMove: true,
      text: "submitted work for “m1”",
    });
  });

  it("says money moves with their amount", () => {
    const paid = item("money.paid", { amount: { amountMinor: 405000, currency: "EUR" } });
    expect(timelineWords(paid, context).text).toBe("€4,050.00 paid out to the freelancer for “m1”");
  });

  it("names a workspace's state", () => {
    expect(timelineWords(item("workspace.stopped", { details: { state: "Stopped" } }), context).text).toBe(
      "The workspace for “m1” is stopped",
    );
  });

  it("still says something for a type it does not know", () => {
    expect(timelineWords(item("contract.reviewed_later"), context).text).toBe("contract reviewed later");
  });
});
