// Freelancer and client profiles through the real app and database: the owner creates and edits, anyone
// reads; completeness is computed on read; the delivery record and review average come from the contract,
// milestone and review rows this test inserts.
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { deliveryRecordsOf, type FreelancerProfileView } from "../src/profiles/index.js";
import { buildTestApp, expectProblem } from "./app-harness.js";
import { dropKeysUnder, rateLimitNamespace, signUp, type SignedIn } from "./callers.js";
import { closeContractRows, insertContract } from "./matrix/reviews.js";

const namespace = rateLimitNamespace("profiles");
let app: FastifyInstance;

beforeAll(async () => {
  app = await buildTestApp({
    RATE_LIMIT_NAMESPACE: namespace,
    RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
    RATE_LIMIT_LOGIN_PER_MINUTE: "100000",
    RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE: "100000",
  });
});
afterAll(async () => {
  await closeContractRows();
  if (app) await dropKeysUnder(app.redis, namespace);
  await app?.close();
});

const uniqueHandle = (): string => `pf-${randomBytes(6).toString("hex")}`;

const putFreelancer = (who: SignedIn, payload: object): Promise<LightMyRequestResponse> =>
  app.inject({ method: "PUT", url: "/v1/me/freelancer-profile", headers: who.headers, payload });
const putClient = (who: SignedIn, payload: object): Promise<LightMyRequestResponse> =>
  app.inject({ method: "PUT", url: "/v1/me/client-profile", headers: who.headers, payload });
const review = (who: SignedIn, contractId: string, rating: number): Promise<LightMyRequestResponse> =>
  app.inject({
    method: "POST",
    url: `/v1/contracts/${contractId}/reviews`,
    headers: who.headers,
    payload: { rating, body: `Rated ${rating}` },
  });

const fullProfile = {
  headline: "Kubernetes operators and platform engineering",
  bio: "I build Kubernetes operators in TypeScript and Go, run production clusters, and write the runbooks. ".repeat(
    2,
  ),
  skills: [
    { skill: "k8s", level: 5 },
    { skill: "TypeScript", level: 4 },
    { skill: "golang", level: 3 },
  ],
  hourlyRate: { amountMinor: 9500, currency: "EUR" },
  availability: "PART_TIME",
  timezone: "europe/paris",
  portfolioLinks: ["https://github.com/example/operator", "https://example.com/talks"],
};

describe("freelancer profiles", () => {
  it("lets the owner create and replace their profile, and everyone read it by handle", async () => {
    const ann = await signUp(app, "freelancer");
    expectProblem(
      await app.inject({ url: "/v1/me/freelancer-profile", headers: ann.headers }),
      404,
      "SKP_NOT_FOUND",
    );

    const handle = uniqueHandle();
    const created = await putFreelancer(ann, { handle, ...fullProfile });
    expect(created.statusCode, created.body).toBe(201);
    const profile = created.json<FreelancerProfileView>();
    expect(profile).toMatchObject({
      userId: ann.userId,
      handle,
      displayName: "Test freelancer",
      headline: fullProfile.headline,
      skills: [
        { id: "kubernetes", name: "Kubernetes", category: "devops", level: 5 },
        { id: "typescript", name: "TypeScript", category: "web-development", level: 4 },
        { id: "go", name: "Go", category: "backend", level: 3 },
      ],
      hourlyRate: { amountMinor: 9500, currency: "EUR" },
      availability: "PART_TIME",
      timezone: "Europe/Paris",
      portfolioLinks: fullProfile.portfolioLinks,
      completeness: { score: 100, missing: [] },
      record: { completedContracts: 0, onTimeRate: null, reviewAverage: null, reviewCount: 0 },
    });

    const read = await app.inject({ url: `/v1/freelancers/${handle}` });
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual(profile);
    expect((await app.inject({ url: "/v1/me/freelancer-profile", headers: ann.headers })).json()).toEqual(
      profile,
    );

    // Replace: a new handle, fewer skills; what is left out takes its default.
    const renamed = uniqueHandle();
    const replaced = await putFreelancer(ann, { handle: renamed, skills: [{ skill: "Docker", level: 2 }] });
    expect(replaced.statusCode, replaced.body).toBe(200);
    expect(replaced.json<FreelancerProfileView>()).toMatchObject({
      handle: renamed,
      headline: "",
      skills: [{ id: "docker", level: 2 }],
      hourlyRate: null,
      availability: "FULL_TIME",
      timezone: "UTC",
      portfolioLinks: [],
    });
    expectProblem(await app.inject({ url: `/v1/freelancers/${handle}` }), 404, "SKP_NOT_FOUND");
  });

  it("keeps skill_ids equal to the freelancer_skills rows", async () => {
    const ben = await signUp(app, "freelancer");
    const handle = uniqueHandle();
    expect((await putFreelancer(ben, { handle, ...fullProfile })).statusCode).toBe(201);
    expect(
      (
        await putFreelancer(ben, {
          handle,
          skills: [
            { skill: "rails", level: 1 },
            { skill: "k8s", level: 2 },
          ],
        })
      ).statusCode,
    ).toBe(200);
    const profile = await app.prisma.freelancerProfile.findUniqueOrThrow({
      where: { userId: ben.userId },
      include: { skills: true },
    });
    expect(profile.skillIds).toEqual(["ruby-on-rails", "kubernetes"]);
    expect(profile.skills.map((s) => [s.skillId, s.level]).sort()).toEqual([
      ["kubernetes", 2],
      ["ruby-on-rails", 1],
    ]);
  });

  it("computes completeness from what is filled in, naming what is missing", async () => {
    const cid = await signUp(app, "freelancer");
    const bare = await putFreelancer(cid, { handle: uniqueHandle() });
    expect(bare.json<FreelancerProfileView>().completeness).toEqual({
      score: 0,
      missing: [
        { field: "headline", message: "add a headline" },
        { field: "bio", message: "write at least 100 characters about your work" },
        { field: "skills", message: "list at least 3 skills" },
        { field: "hourlyRate", message: "set an hourly rate" },
        { field: "portfolioLinks", message: "link at least one piece of work" },
      ],
    });
    const partial = await putFreelancer(cid, {
      handle: uniqueHandle(),
      headline: "Designer",
      bio: "Short bio.",
      hourlyRate: { amountMinor: 5000, currency: "USD" },
    });
    const { score, missing } = partial.json<FreelancerProfileView>().completeness;
    expect(score).toBe(35);
    expect(missing.map((m) => m.field)).toEqual(["bio", "skills", "portfolioLinks"]);
  });

  it("refuses a taken handle with 409, and bad fields with a 422 naming each", async () => {
    const [dee, eve] = await Promise.all([signUp(app, "freelancer"), signUp(app, "freelancer")]);
    const handle = uniqueHandle();
    expect((await putFreelancer(dee, { handle })).statusCode).toBe(201);
    expectProblem(await putFreelancer(eve, { handle }), 409, "SKP_HANDLE_TAKEN");

    const bad = await putFreelancer(eve, {
      handle: uniqueHandle(),
      skills: [
        { skill: "kubernetes", level: 3 },
        { skill: "K8s", level: 5 },
        { skill: "underwater welding", level: 2 },
      ],
      timezone: "Mars/Olympus_Mons",
      portfolioLinks: ["https://fine.example", "https://user:secret@example.com/", "https://[oops"],
    });
    expectProblem(bad, 422, "SKP_VALIDATION_FAILED");
    expect(bad.json<{ errors: unknown[] }>().errors).toEqual([
      { field: "skills.1.skill", message: "repeats kubernetes" },
      { field: "skills.2.skill", message: "is not a known skill" },
      { field: "timezone", message: "is not an IANA time zone" },
      { field: "portfolioLinks.1", message: "is not an https URL" },
      { field: "portfolioLinks.2", message: "is not an https URL" },
    ]);
    const schemaErrors = await putFreelancer(eve, {
      handle: "No_Caps",
      skills: [{ skill: "go", level: 6 }],
      portfolioLinks: ["http://plain.example.com"],
    });
    expectProblem(schemaErrors, 400, "SKP_VALIDATION_FAILED");
    expect(schemaErrors.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(
      expect.arrayContaining(["handle", "skills.0.level", "portfolioLinks.0"]),
    );
    expectProblem(
      await putFreelancer(eve, {
        handle: uniqueHandle(),
        portfolioLinks: Array(11).fill("https://a.example"),
      }),
      400,
      "SKP_VALIDATION_FAILED",
    );
  });

  it("is written by freelancers only", async () => {
    const client = await signUp(app, "client");
    expectProblem(await putFreelancer(client, { handle: uniqueHandle() }), 403, "SKP_FORBIDDEN");
    expectProblem(
      await app.inject({
        method: "PUT",
        url: "/v1/me/freelancer-profile",
        payload: { handle: uniqueHandle() },
      }),
      401,
      "SKP_UNAUTHENTICATED",
    );
  });
});

describe("aggregates on a freelancer profile", () => {
  it("equal the contract, milestone and visible review rows", async () => {
    const [fay, client, other] = await Promise.all([
      signUp(app, "freelancer"),
      signUp(app, "client"),
      signUp(app, "client"),
    ]);
    const handle = uniqueHandle();
    expect((await putFreelancer(fay, { handle, headline: "Reliable" })).statusCode).toBe(201);
    const hour = 3600_000;
    const due = new Date(Date.now() - 48 * hour);
    const parties = { clientId: client.userId, freelancerId: fay.userId };
    // Two completed contracts and an active one. Milestones with a due date and a submission: on time,
    // on time, late (3 timed, 2 on time); one without a due date and one not submitted do not count; one
    // refunded (a dispute lost).
    const first = await insertContract({
      ...parties,
      milestones: [
        { dueAt: due, submittedAt: new Date(due.getTime() - hour) },
        { dueAt: due, submittedAt: due },
        { dueAt: null, submittedAt: new Date() },
      ],
    });
    const second = await insertContract({
      clientId: other.userId,
      freelancerId: fay.userId,
      milestones: [
        { dueAt: due, submittedAt: new Date(due.getTime() + hour) },
        { state: "refunded", dueAt: due },
      ],
    });
    await insertContract({ ...parties, state: "active", milestones: [{ state: "funded", dueAt: due }] });
    // Long ago: its window closed, so a lone review of it is visible (inserted directly: the API refuses it now).
    const old = await insertContract({ ...parties, completedAt: new Date(Date.now() - 60 * 24 * hour) });
    await app.prisma.review.create({
      data: { contractId: old, authorId: client.userId, subjectId: fay.userId, rating: 2, body: "Late." },
    });

    // Both parties reviewed the first contract: visible. Only the client reviewed the second: blind.
    expect((await review(client, first, 5)).statusCode).toBe(201);
    expect((await review(fay, first, 4)).statusCode).toBe(201);
    expect((await review(other, second, 1)).statusCode).toBe(201);

    const expected = { completedContracts: 3, onTimeRate: 2 / 3, reviewAverage: 3.5, reviewCount: 2 };
    const profile = (await app.inject({ url: `/v1/freelancers/${handle}` })).json<FreelancerProfileView>();
    expect(profile.record).toEqual(expected);
    const records = await deliveryRecordsOf(app.prisma, [fay.userId, client.userId, "not-a-user"], {
      reviewWindowSeconds: 14 * 24 * 3600,
    });
    expect(records.get(fay.userId)).toEqual({ ...expected, disputesLost: 1 });
    // The client's review of fay is not counted as fay's review of anyone, and vice versa.
    expect(records.get(client.userId)).toEqual({
      completedContracts: 0,
      onTimeRate: null,
      disputesLost: 0,
      reviewAverage: null,
      reviewCount: 0,
    });
    expect(records.get("not-a-user")?.completedContracts).toBe(0);

    // Once the other party reviews too, the blind review counts.
    expect((await review(fay, second, 5)).statusCode).toBe(201);
    const after = (await app.inject({ url: `/v1/freelancers/${handle}` })).json<FreelancerProfileView>();
    expect(after.record).toEqual({ ...expected, reviewAverage: 2.67, reviewCount: 3 });
  });
});

describe("client profiles", () => {
  it("lets the client create and edit theirs, and anyone read it with jobs, hires and reviews", async () => {
    const [gus, freelancer] = await Promise.all([signUp(app, "client"), signUp(app, "freelancer")]);
    expectProblem(
      await app.inject({ url: "/v1/me/client-profile", headers: gus.headers }),
      404,
      "SKP_NOT_FOUND",
    );
    // Without a profile, the public view falls back to the account's display name.
    const fallback = await app.inject({ url: `/v1/clients/${gus.userId}` });
    expect(fallback.statusCode, fallback.body).toBe(200);
    expect(fallback.json()).toMatchObject({ displayName: "Test client", company: "", country: "" });

    const created = await putClient(gus, { displayName: "Gus Example", company: "Acme GmbH", country: "DE" });
    expect(created.statusCode, created.body).toBe(201);
    const edited = await putClient(gus, { displayName: "Gus E.", company: "Acme GmbH", country: "AT" });
    expect(edited.statusCode).toBe(200);

    const done = await insertContract({ clientId: gus.userId, freelancerId: freelancer.userId });
    await insertContract({ clientId: gus.userId, freelancerId: freelancer.userId, state: "active" });
    await insertContract({ clientId: gus.userId, freelancerId: freelancer.userId, state: "offer" });
    expect((await review(freelancer, done, 4)).statusCode).toBe(201);
    const blind = (await app.inject({ url: `/v1/clients/${gus.userId}` })).json<{ reviewCount: number }>();
    expect(blind.reviewCount).toBe(0);
    expect((await review(gus, done, 5)).statusCode).toBe(201);

    const read = await app.inject({ url: `/v1/clients/${gus.userId}` });
    expect(read.json()).toMatchObject({
      userId: gus.userId,
      displayName: "Gus E.",
      company: "Acme GmbH",
      country: "AT",
      jobsPosted: 0,
      hires: 2,
      reviewAverage: 4,
      reviewCount: 1,
    });
    expect((await app.inject({ url: "/v1/me/client-profile", headers: gus.headers })).json()).toEqual(
      read.json(),
    );
  });

  it("refuses a country that is not ISO 3166-1 alpha-2, freelancers, and unknown clients", async () => {
    const [hal, freelancer] = await Promise.all([signUp(app, "client"), signUp(app, "freelancer")]);
    const bad = await putClient(hal, { displayName: "Hal", country: "XX" });
    expectProblem(bad, 422, "SKP_VALIDATION_FAILED");
    expect(bad.json<{ errors: unknown[] }>().errors).toEqual([
      { field: "country", message: "is not an ISO 3166-1 alpha-2 code" },
    ]);
    expectProblem(await putClient(hal, { displayName: "   " }), 422, "SKP_VALIDATION_FAILED");
    expectProblem(await putClient(hal, { displayName: "Hal", country: "de" }), 400, "SKP_VALIDATION_FAILED");
    expectProblem(await putClient(freelancer, { displayName: "Not a client" }), 403, "SKP_FORBIDDEN");
    // A freelancer is not a client: the same 404 as for nobody.
    expectProblem(await app.inject({ url: `/v1/clients/${freelancer.userId}` }), 404, "SKP_NOT_FOUND");
    expectProblem(
      await app.inject({ url: "/v1/clients/00000000-0000-4000-8000-000000000000" }),
      404,
      "SKP_NOT_FOUND",
    );
    expectProblem(await app.inject({ url: "/v1/clients/not-a-uuid" }), 400, "SKP_VALIDATION_FAILED");
  });
});
