// Matching through the real app on rows this test inserts: a job's matches rank the freelancers a client
// would pick first, "jobs for you" ranks a freelancer's jobs, and every score comes with its named parts,
// their weights from the one config object, and a reason for each.
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { matchingWeights, partNames } from "../src/matching/index.js";
import { resolveSkillIds } from "../src/skills/index.js";
import { buildTestApp } from "./app-harness.js";
import { dropKeysUnder, rateLimitNamespace, signUp, type SignedIn } from "./callers.js";
import {
  dropSkills,
  insertJob as insertAnyJob,
  insertProfile as insertAnyProfile,
  insertRecord,
  insertSkills,
  retire,
  type JobRow,
  type ProfileRow,
} from "./proposals-fixtures.js";

type Part = { name: string; value: number; weight: number; contribution: number; reason: string };
type Scored = { score: number; parts: Part[] };
type FreelancerMatch = Scored & { freelancer: { userId: string; hourlyRate: unknown; availability: string } };
type JobMatch = Scored & { job: { id: string; title: string } };

const namespace = rateLimitNamespace("matching");
let app: FastifyInstance;
let client: SignedIn;
// Three skills only this run uses: [a, b, c], each with a name and a synonym.
let skills: { id: string; name: string; synonym: string }[];
let a: string;
let b: string;
let c: string;

// What this file made, taken out of the pools matching ranks when it ends (see retire).
const made = { profiles: [] as string[], jobs: [] as string[] };
async function insertJob(_app: FastifyInstance, clientId: string, row: JobRow = {}): Promise<string> {
  const id = await insertAnyJob(app, clientId, row);
  made.jobs.push(id);
  return id;
}
async function insertProfile(_app: FastifyInstance, row: ProfileRow, userId?: string): Promise<string> {
  const id = await insertAnyProfile(app, row, userId);
  made.profiles.push(id);
  return id;
}

function get(who: SignedIn, url: string): Promise<LightMyRequestResponse> {
  return app.inject({ method: "GET", url, headers: who.headers });
}

function expectExplained(item: Scored): void {
  expect(item.parts.map((p) => p.name)).toEqual([...partNames]);
  for (const part of item.parts) {
    expect(part.weight).toBe(matchingWeights.parts[part.name as keyof typeof matchingWeights.parts]);
    expect(part.contribution).toBeCloseTo(part.value * part.weight, 3);
    expect(part.reason).toMatch(/\w{3,}/);
  }
  expect(item.score).toBeCloseTo(
    item.parts.reduce((sum, p) => sum + p.contribution, 0),
    3,
  );
}

beforeAll(async () => {
  app = await buildTestApp({
    RATE_LIMIT_NAMESPACE: namespace,
    RATE_LIMIT_DEFAULT_PER_MINUTE: "100000",
    RATE_LIMIT_AUTHENTICATED_PER_MINUTE: "100000",
    RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
    RATE_LIMIT_LOGIN_PER_MINUTE: "100000",
    RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE: "100000",
  });
  client = await signUp(app, "client");
  skills = await insertSkills(app, 3);
  [a, b, c] = skills.map((skill) => skill.id) as [string, string, string];
});
afterAll(async () => {
  if (app) await retire(app, made);
  if (app && skills)
    await dropSkills(
      app,
      skills.map((skill) => skill.id),
    );
  if (app) await dropKeysUnder(app.redis, namespace);
  await app?.close();
});

describe("a job's matches", () => {
  it("rank the freelancers a client would pick first, each with its parts and reasons", async () => {
    // Written the way a client types them: a synonym resolves to the canonical skill profiles hold.
    const skillIds = await resolveSkillIds(app.prisma, [skills[0]?.synonym.toUpperCase() ?? "", b], "skills");
    expect(skillIds).toEqual([a, b]);
    // A draft (a client looks for freelancers before publishing), so "jobs for you" below does not see it.
    const jobId = await insertJob(app, client.userId, {
      state: "DRAFT",
      skillIds,
      billing: "HOURLY",
      budgetMinMinor: 8000,
      budgetMaxMinor: 12_000,
      duration: "ONE_TO_THREE_MONTHS",
    });
    const expert = { [a]: 5, [b]: 5 };
    const proven = await insertProfile(app, { skills: expert, hourlyRateMinor: 10_000 });
    await insertRecord(app, proven, client.userId, { count: 4, rating: 5 });
    const newcomer = await insertProfile(app, { skills: expert, hourlyRateMinor: 10_000 });
    const pricey = await insertProfile(app, { skills: expert, hourlyRateMinor: 30_000 });
    const novice = await insertProfile(app, { skills: { [a]: 2, [c]: 5 }, hourlyRateMinor: 10_000 });
    // Left out: one not available for new work (a perfect fit otherwise), one sharing no skill with the job.
    await insertProfile(app, { skills: expert, hourlyRateMinor: 10_000, availability: "NOT_AVAILABLE" });
    await insertProfile(app, { skills: { [c]: 5 } });

    const response = await get(client, `/v1/jobs/${jobId}/matches?limit=50`);
    expect(response.statusCode, response.body).toBe(200);
    const items = response.json<{ jobId: string; items: FreelancerMatch[] }>().items;
    // Only this run's freelancers hold these skills: the whole answer is theirs.
    expect(items.map((i) => i.freelancer.userId)).toEqual([proven, newcomer, pricey, novice]);
    for (const item of items) expectExplained(item);
    const reasons = (id: string): Record<string, string> =>
      Object.fromEntries(
        (items.find((i) => i.freelancer.userId === id)?.parts ?? []).map((p) => [p.name, p.reason]),
      );
    expect(reasons(proven).deliveryRecord).toBe("4 completed contracts, 100% on time, no disputes lost");
    expect(reasons(proven).reviews).toBe("5.0★ from 4 reviews, counted as 4.17★ (few reviews weigh less)");
    expect(reasons(newcomer).deliveryRecord).toMatch(/^No completed contracts yet/);
    expect(reasons(pricey).rateFit).toBe("$300/h is 150% over the $80–$120/h budget");
    expect(reasons(novice).skills).toBe(
      `Has 1 of the job's 2 skills (${skills[0]?.name} 2/5); missing ${skills[1]?.name}`,
    );
  });

  it("are the job owner's alone (404 for anyone else), and empty for a job without skills", async () => {
    const jobId = await insertJob(app, client.userId, { skillIds: [] });
    const empty = await get(client, `/v1/jobs/${jobId}/matches`);
    expect(empty.json<{ items: unknown[] }>().items).toEqual([]);
    const other = await signUp(app, "client");
    expect((await get(other, `/v1/jobs/${jobId}/matches`)).statusCode).toBe(404);
  });
});

describe("jobs for you", () => {
  it("rank open public jobs by fit, leaving out drafts, private, closed and already-proposed jobs", async () => {
    const me = await signUp(app, "freelancer");
    await insertProfile(app, { skills: { [a]: 5, [b]: 4 }, hourlyRateMinor: 10_000 }, me.userId);
    const hourly = { billing: "HOURLY" as const, duration: "ONE_TO_THREE_MONTHS" as const };
    const best = await insertJob(app, client.userId, {
      ...hourly,
      skillIds: [a, b],
      budgetMinMinor: 9000,
      budgetMaxMinor: 12_000,
    });
    const cheap = await insertJob(app, client.userId, {
      ...hourly,
      skillIds: [b],
      budgetMinMinor: 3000,
      budgetMaxMinor: 5000,
    });
    const partial = await insertJob(app, client.userId, {
      billing: "FIXED",
      duration: "ONE_TO_THREE_MONTHS",
      skillIds: [a, c],
      budgetMinMinor: 600_000,
      budgetMaxMinor: 1_200_000,
    });
    await Promise.all([
      insertJob(app, client.userId, { skillIds: [b], visibility: "PRIVATE" }),
      insertJob(app, client.userId, { skillIds: [b], state: "DRAFT" }),
      insertJob(app, client.userId, { skillIds: [b], state: "CLOSED" }),
      insertJob(app, client.userId, { skillIds: [c] }),
    ]);
    const proposedTo = await insertJob(app, client.userId, { skillIds: [b], budgetMaxMinor: 300_000 });
    const sent = await app.inject({
      method: "POST",
      url: `/v1/jobs/${proposedTo}/proposals`,
      headers: me.headers,
      payload: {
        coverLetter: "Count me in",
        bid: { amountMinor: 200_000, currency: "USD" },
        milestones: [{ title: "All", amount: { amountMinor: 200_000, currency: "USD" } }],
      },
    });
    expect(sent.statusCode, sent.body).toBe(201);

    const response = await get(me, "/v1/me/jobs-for-you?limit=50");
    expect(response.statusCode, response.body).toBe(200);
    const items = response.json<{ items: JobMatch[] }>().items;
    expect(items.map((i) => i.job.id)).toEqual([best, cheap, partial]);
    for (const item of items) expectExplained(item);
    const partialParts = items.find((i) => i.job.id === partial)?.parts ?? [];
    expect(Object.fromEntries(partialParts.map((p) => [p.name, p.reason]))).toMatchObject({
      skills: `Has 1 of the job's 2 skills (${skills[0]?.name} 5/5); missing ${skills[2]?.name}`,
      rateFit:
        "A fixed budget of up to $12,000 buys about 120 h at $100/h; enough for a job of 1 to 3 months (fixed price counts at most 0.75)",
    });
  });

  it("is empty for a freelancer without a profile, and for freelancers only", async () => {
    const bare = await signUp(app, "freelancer");
    const empty = await get(bare, "/v1/me/jobs-for-you");
    expect(empty.statusCode, empty.body).toBe(200);
    expect(empty.json<{ items: unknown[] }>().items).toEqual([]);
    expect((await get(client, "/v1/me/jobs-for-you")).statusCode).toBe(403);
  });
});
