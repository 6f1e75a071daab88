import { describe, expect, it } from "vitest";
import { SkpError } from "../errors/index.js";
import { offerTerms, type OfferInput, type OfferSource } from "./terms.js";

const now = new Date("2026-12-07T12:00:00Z");
const limits = { now, ttlSeconds: 7 * 24 * 3600 };
const usd = (amountMinor: number): { amountMinor: number; currency: string } => ({
  amountMinor,
  currency: "USD",
});
const source: OfferSource = {
  jobTitle: "Build the cluster",
  jobWorkspaceTerms: { className: "gpu-desktop", egress: { allow: ["10.0.0.0/8:443"] } },
  currency: "USD",
  milestones: [
    { title: "Cluster", amountMinor: 100_000, dueAt: new Date("2026-12-01T00:00:00Z") },
    { title: "Pipelines", amountMinor: 200_000, dueAt: null },
  ],
};

function problemFields(input: OfferInput): string[] {
  try {
    offerTerms("o1", source, input, limits);
  } catch (error) {
    if (error instanceof SkpError)
      return (error.extensions.errors as { field: string }[]).map((problem) => problem.field);
    throw error;
  }
  return [];
}

describe("an offer's terms", () => {
  it("default to the proposal's milestones (kept as they were), the job's title and terms, fixed billing", () => {
    expect(offerTerms("o1", source, {}, limits)).toEqual({
      title: "Build the cluster",
      currency: "USD",
      billing: "FIXED",
      hourlyRateMinor: null,
      weeklyLimitMinutes: null,
      milestones: [
        { id: "c-o1-m1", title: "Cluster", amountMinor: 100_000, dueAt: "2026-12-01T00:00:00.000Z" },
        { id: "c-o1-m2", title: "Pipelines", amountMinor: 200_000 },
      ],
      workspaceTerms: {
        className: "gpu-desktop",
        egress: { allow: ["10.0.0.0/8:443"] },
        supervision: { viewersAllowed: true, recording: "Disabled" },
        clipboard: "Both",
        fileTransfer: "Both",
      },
      message: "",
      expiresAt: new Date("2026-12-14T12:00:00Z"),
    });
  });

  it("take the owner's edits, the workspace terms merged over the job's", () => {
    const terms = offerTerms(
      "o1",
      source,
      {
        title: "  Cluster only ",
        milestones: [
          { title: "All", amount: { amountMinor: 5000, currency: "EUR" }, dueAt: "2027-01-01T00:00:00Z" },
        ],
        billing: "HOURLY",
        hourlyRate: { amountMinor: 9000, currency: "EUR" },
        weeklyLimitMinutes: 600,
        workspaceTerms: { clipboard: "Disabled", egress: { allow: [] } },
        expiresInSeconds: 60,
      },
      limits,
    );
    expect(terms).toMatchObject({
      title: "Cluster only",
      currency: "EUR",
      billing: "HOURLY",
      hourlyRateMinor: 9000,
      weeklyLimitMinutes: 600,
      milestones: [{ id: "c-o1-m1", title: "All", amountMinor: 5000, dueAt: "2027-01-01T00:00:00.000Z" }],
      workspaceTerms: { className: "gpu-desktop", egress: { allow: [] }, clipboard: "Disabled" },
      expiresAt: new Date("2026-12-07T12:01:00Z"),
    });
  });

  it("carry a fixed milestone's compute budget to the contract, and refuse one on an hourly offer", () => {
    const milestones = [
      { title: "All", amount: usd(5000), computeSeconds: 36_000 },
      { title: "More", amount: usd(1) },
    ];
    expect(offerTerms("o1", source, { milestones }, limits).milestones).toEqual([
      { id: "c-o1-m1", title: "All", amountMinor: 5000, computeSeconds: 36_000 },
      { id: "c-o1-m2", title: "More", amountMinor: 1 },
    ]);
    expect(
      problemFields({ billing: "HOURLY", hourlyRate: usd(1), weeklyLimitMinutes: 60, milestones }),
    ).toEqual(["milestones.0.computeSeconds"]);
  });

  it("name each field that breaks a rule", () => {
    expect(
      problemFields({
        title: " ",
        expiresInSeconds: 8 * 24 * 3600,
        milestones: [
          { title: "A", amount: usd(1) },
          { title: " ", amount: { amountMinor: 1, currency: "EUR" }, dueAt: "2026-12-07T11:59:59Z" },
        ],
        weeklyLimitMinutes: 60,
      }),
    ).toEqual([
      "title",
      "expiresInSeconds",
      "milestones.1.title",
      "milestones.1.amount.currency",
      "milestones.1.dueAt",
      "weeklyLimitMinutes",
    ]);
    expect(problemFields({ billing: "HOURLY" })).toEqual(["hourlyRate", "weeklyLimitMinutes"]);
    expect(
      problemFields({
        billing: "HOURLY",
        hourlyRate: { amountMinor: 1, currency: "EUR" },
        weeklyLimitMinutes: 60,
      }),
    ).toEqual(["hourlyRate.currency"]);
    expect(problemFields({ workspaceTerms: { egress: { allow: ["169.254.0.0/16:80"] } } })).toEqual([
      "workspaceTerms.egress.allow.0",
    ]);
  });
});
