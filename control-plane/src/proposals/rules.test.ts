import { describe, expect, it } from "vitest";
import { differingFacts, type ComparisonFacts } from "./compare.js";
import { proposalProblems, type ProposalInput } from "./rules.js";
import { canMove, proposalMoves, proposalStates } from "./states.js";

const now = new Date("2026-12-07T12:00:00Z");
const usd = (amountMinor: number): { amountMinor: number; currency: string } => ({
  amountMinor,
  currency: "USD",
});
const input = (overrides: Partial<ProposalInput> = {}): ProposalInput => ({
  coverLetter: "I have shipped three clusters like this one.",
  bid: usd(300_000),
  milestones: [
    { title: "Cluster", amount: usd(100_000), dueAt: "2026-12-20T00:00:00Z" },
    { title: "Pipelines", amount: usd(200_000), dueAt: "2027-01-10T00:00:00Z" },
  ],
  ...overrides,
});
const fixed = { billing: "FIXED" as const, currency: "USD" };

describe("a proposal's rules", () => {
  it("accept a fixed-price proposal whose milestones add up to the bid", () => {
    expect(proposalProblems(input(), fixed, now)).toEqual([]);
  });

  it("name each field that breaks one", () => {
    const problems = proposalProblems(
      input({
        coverLetter: "   ",
        bid: { amountMinor: 300_000, currency: "EUR" },
        milestones: [
          { title: " ", amount: usd(100_000), dueAt: "2026-12-01T00:00:00Z" },
          { title: "Pipelines", amount: { amountMinor: 100_000, currency: "EUR" }, dueAt: null },
          { title: "Leap", amount: usd(1), dueAt: "2026-12-31T23:59:60Z" },
        ],
      }),
      fixed,
      now,
    );
    expect(problems.map((p) => p.field)).toEqual([
      "coverLetter",
      "bid.currency",
      "milestones.0.title",
      "milestones.0.amount.currency",
      "milestones.0.dueAt",
      "milestones.2.amount.currency",
      "milestones.2.dueAt",
      "milestones",
    ]);
    expect(problems.find((p) => p.field === "milestones")?.message).toBe(
      "must add up to the bid on a fixed-price job (200001 ≠ 300000)",
    );
  });

  it("let hourly milestones be an estimate apart from the bid (an hourly rate)", () => {
    expect(proposalProblems(input({ bid: usd(9000) }), { billing: "HOURLY", currency: "USD" }, now)).toEqual(
      [],
    );
    expect(proposalProblems(input({ bid: usd(9000) }), fixed, now).map((p) => p.field)).toEqual([
      "milestones",
    ]);
  });

  it("do not hold milestones kept from an earlier version to the future", () => {
    const kept = input({
      milestones: [{ title: "Done", amount: usd(300_000), dueAt: "2026-12-01T00:00:00Z" }],
    });
    expect(proposalProblems(kept, fixed, now, { milestones: false })).toEqual([]);
    expect(proposalProblems(kept, fixed, now).map((p) => p.field)).toEqual(["milestones.0.dueAt"]);
  });
});

describe("the proposal state moves", () => {
  it("are the ones the product allows, and no others", () => {
    const allowed = proposalStates.flatMap((from) =>
      (Object.keys(proposalMoves) as (keyof typeof proposalMoves)[])
        .filter((to) => canMove(from, to))
        .map((to) => `${from}→${to}`),
    );
    expect(allowed.sort()).toEqual(
      [
        "SUBMITTED→SHORTLISTED",
        "SUBMITTED→ARCHIVED",
        "SUBMITTED→DECLINED",
        "SUBMITTED→WITHDRAWN",
        "SHORTLISTED→ARCHIVED",
        "SHORTLISTED→DECLINED",
        "SHORTLISTED→WITHDRAWN",
        "ARCHIVED→SHORTLISTED",
      ].sort(),
    );
  });
});

describe("comparing proposals", () => {
  const facts = (overrides: Partial<ComparisonFacts>): ComparisonFacts => ({
    bid: usd(300_000),
    milestoneCount: 2,
    lastDueAt: null,
    durationDays: null,
    freelancerRate: usd(8000),
    availability: "FULL_TIME",
    skillsMatched: ["go"],
    skillsMissing: [],
    completedContracts: 3,
    onTimeRate: 1,
    disputesLost: 0,
    reviewAverage: 4.5,
    reviewCount: 2,
    matchScore: 0.8,
    ...overrides,
  });

  it("names exactly the facts that are not the same for all", () => {
    expect(differingFacts([facts({}), facts({})])).toEqual([]);
    expect(
      differingFacts([
        facts({}),
        facts({ bid: usd(250_000), skillsMatched: ["go", "rust"] }),
        facts({ onTimeRate: null }),
      ]),
    ).toEqual(["bid", "skillsMatched", "onTimeRate"]);
  });
});
