import { describe, expect, it } from "vitest";
import { proposalFromForm } from "./proposal-input";

function formOf(entries: Record<string, string>): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(entries)) form.append(k, v);
  return form;
}

describe("proposal form", () => {
  it("bids the milestones' total on a fixed-price job", () => {
    const { input, fields } = proposalFromForm(
      formOf({
        currency: "USD",
        billing: "FIXED",
        coverLetter: " I have done this before. ",
        "milestones.0.title": "Audit",
        "milestones.0.amount": "400",
        "milestones.1.title": "Fixes",
        "milestones.1.amount": "850.50",
        "milestones.1.dueAt": "2027-04-01",
      }),
    );
    expect(fields).toEqual([]);
    expect(input.bid).toEqual({ amountMinor: 125050, currency: "USD" });
    expect(input.coverLetter).toBe("I have done this before.");
    expect(input.milestones[1]).toEqual({
      title: "Fixes",
      amount: { amountMinor: 85050, currency: "USD" },
      dueAt: "2027-04-01T23:59:59.000Z",
    });
  });

  it("bids an hourly rate on an hourly job, its milestones an estimate apart from the bid", () => {
    const { input, fields } = proposalFromForm(
      formOf({
        currency: "EUR",
        billing: "HOURLY",
        bid: "45",
        coverLetter: "Hi",
        "milestones.0.title": "First month",
        "milestones.0.amount": "3600",
      }),
    );
    expect(fields).toEqual([]);
    expect(input.bid).toEqual({ amountMinor: 4500, currency: "EUR" });
    expect(input.milestones).toEqual([
      { title: "First month", amount: { amountMinor: 360000, currency: "EUR" }, dueAt: null },
    ]);
  });

  it("names what is missing: a rate, at least one milestone, the cover letter", () => {
    expect(
      proposalFromForm(formOf({ currency: "EUR", billing: "HOURLY", bid: "x" })).fields.map((f) => f.field),
    ).toEqual(["bid", "milestones", "coverLetter"]);
    expect(proposalFromForm(formOf({ currency: "USD", billing: "FIXED", coverLetter: "Hi" })).fields).toEqual(
      [{ field: "milestones", message: "need at least one row" }],
    );
  });
});
