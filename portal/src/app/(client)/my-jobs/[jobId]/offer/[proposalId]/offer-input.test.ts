import { describe, expect, it } from "vitest";
import { offerFromForm, weeklyMinutesOf } from "./offer-input";

function formOf(entries: Record<string, string>): FormData {
  const form = new FormData();
  for (const [k, v] of Object.entries(entries)) form.append(k, v);
  return form;
}

const base = {
  currency: "USD",
  title: "Component library",
  "milestones.0.title": "Buttons and forms",
  "milestones.0.amount": "1,200",
  "milestones.0.dueAt": "2027-02-01",
  "workspaceTerms.clipboard": "Disabled",
  message: " Welcome aboard ",
  expiresInDays: "3",
};

describe("offer form", () => {
  it("sends a fixed-price offer with edited milestones and terms", () => {
    const { input, fields } = offerFromForm(formOf({ ...base, billing: "FIXED" }));
    expect(fields).toEqual([]);
    expect(input).toMatchObject({
      title: "Component library",
      billing: "FIXED",
      milestones: [
        {
          title: "Buttons and forms",
          amount: { amountMinor: 120000, currency: "USD" },
          dueAt: "2027-02-01T23:59:59.000Z",
        },
      ],
      message: "Welcome aboard",
      expiresInSeconds: 259200,
    });
    expect(input.workspaceTerms?.clipboard).toBe("Disabled");
    expect(input).not.toHaveProperty("hourlyRate");
  });

  it("sends an hourly offer with its rate and weekly cap in minutes", () => {
    const { input, fields } = offerFromForm(
      formOf({ ...base, billing: "HOURLY", hourlyRate: "80", weeklyLimitMinutes: "20" }),
    );
    expect(fields).toEqual([]);
    expect(input.hourlyRate).toEqual({ amountMinor: 8000, currency: "USD" });
    expect(input.weeklyLimitMinutes).toBe(1200);
  });

  it("names a missing rate and cap on an hourly offer, and a blank title", () => {
    const { fields } = offerFromForm(formOf({ ...base, title: " ", billing: "HOURLY" }));
    expect(fields.map((f) => f.field)).toEqual(["title", "hourlyRate", "weeklyLimitMinutes"]);
  });

  it("reads the weekly cap in hours, within a week", () => {
    expect(weeklyMinutesOf("1")).toBe(60);
    expect(weeklyMinutesOf("7,5")).toBe(450);
    expect(weeklyMinutesOf("0.5")).toBeUndefined();
    expect(weeklyMinutesOf("169")).toBeUndefined();
    expect(weeklyMinutesOf("ten")).toBeUndefined();
  });
});
