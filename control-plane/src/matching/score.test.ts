import { describe, expect, it } from "vitest";
import type { DeliveryRecord } from "../profiles/index.js";
import { rateFitPart } from "./rate-fit.js";
import { best, matchScore, scoreMatch } from "./score.js";
import { reviewsPart } from "./track-record.js";
import type { MatchFreelancer, MatchJob } from "./types.js";
import { matchingWeights, partNames, type MatchingWeights, type PartName } from "./weights.js";

const record = (
  completedContracts: number,
  onTimeRate: number | null,
  disputesLost: number,
  reviewAverage: number | null,
  reviewCount: number,
): DeliveryRecord => ({ completedContracts, onTimeRate, disputesLost, reviewAverage, reviewCount });

// An hourly Kubernetes/Go/Terraform job for one to three months, $60–$90 an hour.
const job: MatchJob = {
  skillIds: ["kubernetes", "go", "terraform"],
  billing: "HOURLY",
  currency: "USD",
  budgetMinMinor: 6000,
  budgetMaxMinor: 9000,
  duration: "ONE_TO_THREE_MONTHS",
};
const names = new Map([
  ["kubernetes", "Kubernetes"],
  ["go", "Go"],
  ["terraform", "Terraform"],
]);
const experts = { kubernetes: 5, go: 5, terraform: 5 };
const freelancer = (overrides: Partial<MatchFreelancer>): MatchFreelancer => ({
  skillLevels: experts,
  hourlyRateMinor: 8000,
  currency: "USD",
  availability: "FULL_TIME",
  record: record(12, 0.95, 0, 4.8, 20),
  ...overrides,
});

// Six freelancers, each short of the all-round fit (ada) in one part, by different amounts, so that the order
// below only holds if every part does its job (the next test takes each part away in turn).
const people: Record<string, MatchFreelancer> = {
  // Expert in all three skills, in the budget, full time, a long and clean record, twenty 4.8★ reviews.
  ada: freelancer({}),
  // As skilled, cheaper, always on time, but a single 5★ review: the prior keeps that below ada's twenty 4.8★.
  ben: freelancer({ hourlyRateMinor: 7000, record: record(7, 1, 0, 5, 1) }),
  // As skilled, a good record, but part time only: a one-to-three-month job partly suits that.
  cleo: freelancer({ hourlyRateMinor: 7500, availability: "PART_TIME", record: record(9, 0.95, 0, 4.8, 9) }),
  // The best record of the first four, but only level 3 in Go and Terraform.
  dev: freelancer({
    skillLevels: { kubernetes: 5, go: 3, terraform: 3 },
    hourlyRateMinor: 8500,
    record: record(15, 0.93, 0, 4.8, 24),
  }),
  // Expert and proven, but $140 an hour: 56% over the budget.
  eve: freelancer({ hourlyRateMinor: 14_000, record: record(20, 0.97, 0, 4.9, 30) }),
  // Expert, in budget, experienced, but two disputes lost, late one time in five, and 3.9★.
  finn: freelancer({ hourlyRateMinor: 7500, record: record(10, 0.8, 2, 3.9, 15) }),
};

function order(weights: MatchingWeights = matchingWeights): string[] {
  // Candidates arrive in an order unrelated to the answer.
  const shuffled = ["finn", "dev", "ben", "eve", "ada", "cleo"];
  return best(shuffled, (name) => matchScore(job, people[name] as MatchFreelancer, weights), 10);
}

const without = (part: PartName): MatchingWeights => ({
  ...matchingWeights,
  parts: { ...matchingWeights.parts, [part]: 0 },
});

describe("match scores", () => {
  it("rank a hand-made case in the order a client would pick", () => {
    expect(order()).toEqual(["ada", "ben", "cleo", "dev", "eve", "finn"]);
  });

  it("need every part for that order: without any one of them it changes", () => {
    const noPrior = { ...matchingWeights, reviews: { ...matchingWeights.reviews, priorCount: 0 } };
    expect({
      priorForFewReviews: order(noPrior),
      skills: order(without("skills")),
      rateFit: order(without("rateFit")),
      availability: order(without("availability")),
      deliveryRecord: order(without("deliveryRecord")),
      reviews: order(without("reviews")),
    }).toEqual({
      // ben's one 5★ review would count as much as ada's twenty 4.8★ ones.
      priorForFewReviews: ["ben", "ada", "cleo", "dev", "eve", "finn"],
      // dev's shallow Go and Terraform no longer hold the best record back.
      skills: ["dev", "ada", "ben", "cleo", "eve", "finn"],
      // eve's rate no longer counts against her.
      rateFit: ["eve", "ada", "ben", "cleo", "dev", "finn"],
      // cleo being part time no longer counts.
      availability: ["ada", "cleo", "ben", "dev", "eve", "finn"],
      // finn's lost disputes no longer count.
      deliveryRecord: ["ada", "finn", "ben", "cleo", "dev", "eve"],
      // finn's 3.9★ no longer puts him below eve.
      reviews: ["ada", "ben", "cleo", "dev", "finn", "eve"],
    });
  });

  it("are the weighted sum of the named parts, with the weights of the one config object", () => {
    const match = scoreMatch(job, people.dev as MatchFreelancer, names);
    // The score routes rank by is the score they show.
    expect(matchScore(job, people.dev as MatchFreelancer)).toBe(match.score);
    expect(match.parts.map((p) => p.name)).toEqual([...partNames]);
    for (const part of match.parts) {
      expect(part.weight).toBe(matchingWeights.parts[part.name]);
      expect(part.contribution).toBeCloseTo(part.value * part.weight, 3);
      expect(part.value).toBeGreaterThanOrEqual(0);
      expect(part.value).toBeLessThanOrEqual(1);
      expect(part.reason.length).toBeGreaterThan(10);
    }
    const sum = Object.values(matchingWeights.parts).reduce((a, b) => a + b, 0);
    expect(sum).toBeCloseTo(1, 10);
    expect(match.score).toBeCloseTo(
      match.parts.reduce((total, p) => total + p.contribution, 0),
      3,
    );
    // A change of weight in the config changes the score by exactly that part.
    const heavier = { ...matchingWeights, parts: { ...matchingWeights.parts, reviews: 0.3 } };
    const reviews = match.parts.find((p) => p.name === "reviews")?.value ?? 0;
    expect(scoreMatch(job, people.dev as MatchFreelancer, names, heavier).score).toBeCloseTo(
      match.score + 0.15 * reviews,
      3,
    );
  });

  it("say why, one line per part", () => {
    const reasons = (name: string): Record<string, string> =>
      Object.fromEntries(
        scoreMatch(job, people[name] as MatchFreelancer, names).parts.map((p) => [p.name, p.reason]),
      );
    expect(reasons("dev")).toEqual({
      skills: "Has 3 of the job's 3 skills (Kubernetes 5/5, Go 3/5 and Terraform 3/5)",
      rateFit: "$85/h is within the $60–$90/h budget",
      availability: "Available full time: suits a job of 1 to 3 months",
      deliveryRecord: "15 completed contracts, 93% on time, no disputes lost",
      reviews: "4.8★ from 24 reviews, counted as 4.58★ (few reviews weigh less)",
    });
    expect(reasons("eve").rateFit).toBe("$140/h is 56% over the $60–$90/h budget");
    expect(reasons("cleo").availability).toBe("Available part time: partly suits a job of 1 to 3 months");
    expect(reasons("finn").deliveryRecord).toBe("10 completed contracts, 80% on time, 2 disputes lost");
    expect(reasons("ben").reviews).toBe("5.0★ from 1 review, counted as 3.75★ (few reviews weigh less)");
    const newcomer = scoreMatch(
      { ...job, skillIds: ["kubernetes", "rust"] },
      freelancer({
        skillLevels: { kubernetes: 2 },
        hourlyRateMinor: null,
        availability: "NOT_AVAILABLE",
        record: record(0, null, 0, null, 0),
      }),
      names,
    );
    expect(newcomer.parts.map((p) => [p.name, p.value, p.reason])).toEqual([
      ["skills", 0.2, "Has 1 of the job's 2 skills (Kubernetes 2/5); missing rust"],
      ["rateFit", 0.5, "No hourly rate on the profile; counted as neutral"],
      ["availability", 0, "Not available for new work"],
      [
        "deliveryRecord",
        0.25,
        "No completed contracts yet, no due dates met or missed yet, no disputes lost",
      ],
      ["reviews", 0.625, "No reviews yet; counted as 3.5★"],
    ]);
  });
});

describe("the parts", () => {
  it("skills: a skill counts by level, and a job's skill the freelancer lacks counts nothing", () => {
    const value = (levels: Record<string, number>): number =>
      scoreMatch(job, freelancer({ skillLevels: levels })).parts[0]?.value ?? -1;
    expect(value(experts)).toBe(1);
    expect(value({ kubernetes: 5, go: 5 })).toBeCloseTo(2 / 3, 3);
    expect(value({ kubernetes: 1, go: 1, terraform: 1 })).toBeCloseTo(0.2, 3);
    expect(value({ rust: 5 })).toBe(0);
    expect(scoreMatch({ ...job, skillIds: [] }, freelancer({})).parts[0]?.reason).toBe(
      "The job lists no skills to match",
    );
  });

  it("reviews: one 5★ review does not beat twenty 4.8★ ones, and no reviews sit at the prior", () => {
    const one = reviewsPart(record(1, null, 0, 5, 1), matchingWeights.reviews).value;
    const twenty = reviewsPart(record(20, null, 0, 4.8, 20), matchingWeights.reviews).value;
    const none = reviewsPart(record(0, null, 0, null, 0), matchingWeights.reviews).value;
    const poor = reviewsPart(record(20, null, 0, 2.5, 20), matchingWeights.reviews).value;
    expect(twenty).toBeGreaterThan(one);
    expect(one).toBeGreaterThan(none);
    expect(none).toBeGreaterThan(poor);
  });

  it("rate fit: 1 inside an hourly budget, falling off outside it, faster over than under", () => {
    const fit = (rate: number | null, overrides: Partial<MatchJob> = {}, currency = "USD"): number =>
      rateFitPart(
        { ...job, ...overrides },
        freelancer({ hourlyRateMinor: rate, currency }),
        matchingWeights.rateFit,
      ).value;
    expect(fit(6000)).toBe(1);
    expect(fit(9000)).toBe(1);
    expect(fit(10_800)).toBeCloseTo(0.6, 5); // 20% over
    expect(fit(4800)).toBeCloseTo(0.8, 5); // 20% under
    expect(fit(13_500)).toBe(0); // 50% over
    expect(fit(null)).toBe(0.5);
    expect(fit(8000, {}, "EUR")).toBe(0.5);
  });

  it("rate fit on a fixed-price job: the hours the budget buys, never above the ceiling", () => {
    const fixed = { billing: "FIXED" as const, budgetMinMinor: 500_000, budgetMaxMinor: 1_200_000 };
    const part = (rate: number): ReturnType<typeof rateFitPart> =>
      rateFitPart({ ...job, ...fixed }, freelancer({ hourlyRateMinor: rate }), matchingWeights.rateFit);
    // $12,000 buys 150 h at $80: enough for 1-3 months (120 h).
    expect(part(8000)).toEqual({
      value: 0.75,
      reason:
        "A fixed budget of up to $12,000 buys about 150 h at $80/h; enough for a job of 1 to 3 months (fixed price counts at most 0.75)",
    });
    // At $200 it buys 60 h: half of what the job needs.
    expect(part(20_000).value).toBeCloseTo(0.375, 5);
    expect(part(20_000).reason).toBe(
      "A fixed budget of up to $12,000 buys about 60 h at $200/h; a job of 1 to 3 months needs about 120 h",
    );
  });
});
