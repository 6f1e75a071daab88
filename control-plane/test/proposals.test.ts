// Proposals through the real app on the real PostgreSQL: who may read them (the author and the job's owner,
// nobody else, with the same 404 as a missing one), one per job, edits only while the job is open, the
// state moves, the decline reason the author sees, the lists, and the side-by-side comparison.
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, expectProblem } from "./app-harness.js";
import { dropKeysUnder, rateLimitNamespace, signUp, type SignedIn } from "./callers.js";
import {
  insertJob as insertAnyJob,
  insertProfile,
  retire,
  setJobState,
  type JobRow,
} from "./proposals-fixtures.js";

const namespace = rateLimitNamespace("proposals");
// Profiles and jobs the comparison made, taken out of the pools matching ranks when this file ends.
const made = { profiles: [] as string[], jobs: [] as string[] };
async function insertJob(_app: FastifyInstance, clientId: string, row: JobRow = {}): Promise<string> {
  const id = await insertAnyJob(app, clientId, row);
  made.jobs.push(id);
  return id;
}
let app: FastifyInstance;
let client: SignedIn;
let freelancer: SignedIn;

const usd = (amountMinor: number): { amountMinor: number; currency: string } => ({
  amountMinor,
  currency: "USD",
});
const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString();
const proposalBody = (bid = 300_000, overrides: Record<string, unknown> = {}): Record<string, unknown> => ({
  coverLetter: "I have built this twice before; here is how I would do it.",
  bid: usd(bid),
  milestones: [
    { title: "First half", amount: usd(bid / 2), dueAt: inDays(10) },
    { title: "Second half", amount: usd(bid / 2), dueAt: inDays(30) },
  ],
  ...overrides,
});

type Proposal = {
  id: string;
  state: string;
  declineReason: string | null;
  coverLetter: string;
  bid: { amountMinor: number; currency: string };
  milestones: { title: string; amount: { amountMinor: number } }[];
  job: { id: string; title: string; state: string };
};

function send(
  who: SignedIn | undefined,
  method: "GET" | "POST" | "PATCH",
  url: string,
  payload?: unknown,
): Promise<LightMyRequestResponse> {
  return app.inject({
    method,
    url,
    ...(who ? { headers: who.headers } : {}),
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });
}

async function propose(who: SignedIn, jobId: string, body = proposalBody()): Promise<Proposal> {
  const response = await send(who, "POST", `/v1/jobs/${jobId}/proposals`, body);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<Proposal>();
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
  [client, freelancer] = await Promise.all([signUp(app, "client"), signUp(app, "freelancer")]);
});
afterAll(async () => {
  if (app) await retire(app, made);
  if (app) await dropKeysUnder(app.redis, namespace);
  await app?.close();
});

describe("who may read a proposal", () => {
  it("its author and the job's owner; for anyone else it does not exist", async () => {
    const jobId = await insertJob(app, client.userId);
    const proposal = await propose(freelancer, jobId);
    expect(proposal).toMatchObject({
      state: "SUBMITTED",
      bid: usd(300_000),
      job: { id: jobId, state: "OPEN" },
    });

    for (const reader of [freelancer, client]) {
      const read = await send(reader, "GET", `/v1/proposals/${proposal.id}`);
      expect(read.statusCode, read.body).toBe(200);
      expect(read.json<Proposal>().coverLetter).toBe(proposal.coverLetter);
    }

    const [otherFreelancer, otherClient, admin, auditor] = await Promise.all([
      signUp(app, "freelancer"),
      signUp(app, "client"),
      signUp(app, "admin"),
      signUp(app, "auditor"),
    ]);
    const missing = await send(client, "GET", `/v1/proposals/${randomUUID()}`);
    expectProblem(missing, 404, "SKP_NOT_FOUND");
    for (const stranger of [otherFreelancer, otherClient, admin, auditor]) {
      const read = await send(stranger, "GET", `/v1/proposals/${proposal.id}`);
      expectProblem(read, 404, "SKP_NOT_FOUND");
      // Word for word what a proposal that does not exist gets.
      expect(read.json<{ detail: string }>().detail).toBe(missing.json<{ detail: string }>().detail);
    }
    expectProblem(await send(otherClient, "GET", `/v1/jobs/${jobId}/proposals`), 404, "SKP_NOT_FOUND");
    expectProblem(
      await send(otherClient, "POST", `/v1/proposals/${proposal.id}/decline`, { reason: "No" }),
      404,
      "SKP_NOT_FOUND",
    );
    expectProblem(
      await send(otherFreelancer, "PATCH", `/v1/proposals/${proposal.id}`, { coverLetter: "Mine now" }),
      404,
      "SKP_NOT_FOUND",
    );
    expectProblem(
      await send(otherFreelancer, "POST", `/v1/proposals/${proposal.id}/withdraw`),
      404,
      "SKP_NOT_FOUND",
    );
    const list = await send(otherFreelancer, "GET", "/v1/me/proposals");
    expect(list.json<{ items: Proposal[] }>().items.map((p) => p.id)).not.toContain(proposal.id);
  });

  it("cannot be sent for a draft or a private job (404 like a missing job), nor by a client", async () => {
    const hidden = await insertJob(app, client.userId, { visibility: "PRIVATE" });
    expectProblem(
      await send(freelancer, "POST", `/v1/jobs/${hidden}/proposals`, proposalBody()),
      404,
      "SKP_NOT_FOUND",
    );
    const draft = await insertJob(app, client.userId, { state: "DRAFT" });
    expectProblem(
      await send(freelancer, "POST", `/v1/jobs/${draft}/proposals`, proposalBody()),
      404,
      "SKP_NOT_FOUND",
    );
    expectProblem(
      await send(freelancer, "POST", `/v1/jobs/${randomUUID()}/proposals`, proposalBody()),
      404,
      "SKP_NOT_FOUND",
    );
    // A client has no business sending proposals at all.
    const jobId = await insertJob(app, client.userId);
    expectProblem(
      await send(client, "POST", `/v1/jobs/${jobId}/proposals`, proposalBody()),
      403,
      "SKP_FORBIDDEN",
    );
  });
});

describe("sending and editing a proposal", () => {
  it("is one per freelancer and job: a second one is a 409, a race included", async () => {
    const jobId = await insertJob(app, client.userId);
    await propose(freelancer, jobId);
    expectProblem(
      await send(freelancer, "POST", `/v1/jobs/${jobId}/proposals`, proposalBody(200_000)),
      409,
      "SKP_PROPOSAL_EXISTS",
    );
    const racer = await signUp(app, "freelancer");
    const both = await Promise.all([
      send(racer, "POST", `/v1/jobs/${jobId}/proposals`, proposalBody()),
      send(racer, "POST", `/v1/jobs/${jobId}/proposals`, proposalBody()),
    ]);
    expect(both.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expect(both.find((r) => r.statusCode === 409)?.json<{ code: string }>().code).toBe("SKP_PROPOSAL_EXISTS");
  });

  it("names the fields a rule refuses: the job's currency, future due dates, milestones adding up", async () => {
    const jobId = await insertJob(app, client.userId, { currency: "USD", billing: "FIXED" });
    const author = await signUp(app, "freelancer");
    const refused = await send(author, "POST", `/v1/jobs/${jobId}/proposals`, {
      coverLetter: "Hello",
      bid: { amountMinor: 300_000, currency: "EUR" },
      milestones: [{ title: "All", amount: { amountMinor: 250_000, currency: "EUR" }, dueAt: inDays(-1) }],
    });
    expectProblem(refused, 422, "SKP_VALIDATION_FAILED");
    expect(refused.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual([
      "bid.currency",
      "milestones.0.dueAt",
      "milestones",
    ]);
    const tooMany = await send(author, "POST", `/v1/jobs/${jobId}/proposals`, {
      ...proposalBody(),
      milestones: Array.from({ length: 21 }, () => ({ title: "Bit", amount: usd(1) })),
    });
    expectProblem(tooMany, 400, "SKP_VALIDATION_FAILED");
    expect(tooMany.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe("milestones");
  });

  it("is edited while the job is open, and refused once it is closed", async () => {
    const jobId = await insertJob(app, client.userId, { billing: "FIXED" });
    const author = await signUp(app, "freelancer");
    const proposal = await propose(author, jobId);
    const url = `/v1/proposals/${proposal.id}`;

    const edited = await send(author, "PATCH", url, { coverLetter: "A sharper letter" });
    expect(edited.statusCode, edited.body).toBe(200);
    expect(edited.json<Proposal>()).toMatchObject({ coverLetter: "A sharper letter", bid: usd(300_000) });
    // A new bid on a fixed-price job must come with milestones that add up to it.
    const lonelyBid = await send(author, "PATCH", url, { bid: usd(250_000) });
    expectProblem(lonelyBid, 422, "SKP_VALIDATION_FAILED");
    expect(lonelyBid.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual([
      "milestones",
    ]);
    const rebid = await send(author, "PATCH", url, {
      bid: usd(250_000),
      milestones: [{ title: "Everything", amount: usd(250_000), dueAt: inDays(20) }],
    });
    expect(rebid.statusCode, rebid.body).toBe(200);
    expect(rebid.json<Proposal>().milestones.map((m) => m.title)).toEqual(["Everything"]);
    // The job's owner reads but does not write.
    expectProblem(await send(client, "PATCH", url, { coverLetter: "Owner edit" }), 403, "SKP_FORBIDDEN");

    await setJobState(app, jobId, "CLOSED");
    expectProblem(await send(author, "PATCH", url, { coverLetter: "Too late" }), 409, "SKP_JOB_NOT_OPEN");
    const late = await signUp(app, "freelancer");
    expectProblem(
      await send(late, "POST", `/v1/jobs/${jobId}/proposals`, proposalBody()),
      409,
      "SKP_JOB_NOT_OPEN",
    );
    const after = await send(author, "GET", url);
    expect(after.json<Proposal>()).toMatchObject({
      coverLetter: "A sharper letter",
      job: { state: "CLOSED" },
    });
  });
});

describe("the state moves", () => {
  it("let the owner shortlist, archive and decline with a reason the author sees", async () => {
    const jobId = await insertJob(app, client.userId);
    const author = await signUp(app, "freelancer");
    const { id } = await propose(author, jobId);
    const move = async (who: SignedIn, action: string, payload?: unknown): Promise<LightMyRequestResponse> =>
      send(who, "POST", `/v1/proposals/${id}/${action}`, payload);

    expect((await move(client, "shortlist")).json<Proposal>().state).toBe("SHORTLISTED");
    expect((await move(client, "archive")).json<Proposal>().state).toBe("ARCHIVED");
    expectProblem(await move(author, "withdraw"), 409, "SKP_PROPOSAL_INVALID_STATE");
    expectProblem(
      await send(author, "PATCH", `/v1/proposals/${id}`, { coverLetter: "Hm" }),
      409,
      "SKP_PROPOSAL_INVALID_STATE",
    );
    expect((await move(client, "shortlist")).json<Proposal>().state).toBe("SHORTLISTED");
    // Each side makes only its own moves: the role gate first, then the per-object check.
    expectProblem(await move(author, "shortlist"), 403, "SKP_FORBIDDEN");
    expectProblem(await move(client, "withdraw"), 403, "SKP_FORBIDDEN");

    const declined = await move(client, "decline", { reason: "We went with a Terraform specialist" });
    expect(declined.json<Proposal>()).toMatchObject({
      state: "DECLINED",
      declineReason: "We went with a Terraform specialist",
    });
    expectProblem(await move(client, "decline", { reason: "Again" }), 409, "SKP_PROPOSAL_INVALID_STATE");
    expectProblem(await move(client, "shortlist"), 409, "SKP_PROPOSAL_INVALID_STATE");
    expectProblem(await move(author, "withdraw"), 409, "SKP_PROPOSAL_INVALID_STATE");

    const seen = await send(author, "GET", `/v1/proposals/${id}`);
    expect(seen.json<Proposal>()).toMatchObject({
      state: "DECLINED",
      declineReason: "We went with a Terraform specialist",
    });
    const mine = (await send(author, "GET", "/v1/me/proposals")).json<{ items: Proposal[] }>().items;
    expect(mine.find((p) => p.id === id)).toMatchObject({
      declineReason: "We went with a Terraform specialist",
    });
  });

  it("let the author withdraw, once", async () => {
    const jobId = await insertJob(app, client.userId);
    const author = await signUp(app, "freelancer");
    const { id } = await propose(author, jobId);
    const withdrawn = await send(author, "POST", `/v1/proposals/${id}/withdraw`);
    expect(withdrawn.json<Proposal>().state).toBe("WITHDRAWN");
    expectProblem(
      await send(author, "POST", `/v1/proposals/${id}/withdraw`),
      409,
      "SKP_PROPOSAL_INVALID_STATE",
    );
    expectProblem(
      await send(client, "POST", `/v1/proposals/${id}/shortlist`),
      409,
      "SKP_PROPOSAL_INVALID_STATE",
    );
  });
});

describe("lists", () => {
  it("give the owner a job's proposals by state, a page at a time, and each freelancer their own", async () => {
    const jobId = await insertJob(app, client.userId, { title: `Listed ${randomUUID().slice(0, 6)}` });
    const authors = await Promise.all([1, 2, 3].map(() => signUp(app, "freelancer")));
    const ids: string[] = [];
    for (const author of authors) ids.push((await propose(author, jobId)).id);
    await send(client, "POST", `/v1/proposals/${ids[1]}/shortlist`);

    const seen: string[] = [];
    let url = `/v1/jobs/${jobId}/proposals?limit=2`;
    for (let pages = 0; pages < 5; pages += 1) {
      const page = (await send(client, "GET", url)).json<{ items: Proposal[]; nextCursor: string | null }>();
      seen.push(...page.items.map((p) => p.id));
      if (!page.nextCursor) break;
      url = `/v1/jobs/${jobId}/proposals?limit=2&cursor=${page.nextCursor}`;
    }
    expect(seen).toEqual([...ids].reverse());

    const shortlisted = (await send(client, "GET", `/v1/jobs/${jobId}/proposals?state=SHORTLISTED`)).json<{
      items: Proposal[];
    }>();
    expect(shortlisted.items.map((p) => p.id)).toEqual([ids[1]]);

    const mine = (await send(authors[0], "GET", "/v1/me/proposals")).json<{
      items: Proposal[];
    }>();
    expect(mine.items).toHaveLength(1);
    expect(mine.items[0]?.job).toMatchObject({ id: jobId, state: "OPEN" });
    expect(mine.items[0]?.job.title).toMatch(/^Listed /);

    const forged = Buffer.from(JSON.stringify(["2026-01-01T00:00:00.000Z", "not-a-uuid"])).toString(
      "base64url",
    );
    const refused = await send(client, "GET", `/v1/jobs/${jobId}/proposals?cursor=${forged}`);
    expectProblem(refused, 422, "SKP_VALIDATION_FAILED");
    expect(refused.json<{ errors: { field: string }[] }>().errors[0]?.field).toBe("cursor");
  });
});

describe("comparing proposals", () => {
  it("puts two to four side by side and names the facts that differ", async () => {
    const jobId = await insertJob(app, client.userId, {
      billing: "FIXED",
      skillIds: ["cryptography", "soc2"],
      budgetMinMinor: 200_000,
      budgetMaxMinor: 400_000,
      duration: "LESS_THAN_MONTH",
    });
    const [a, b, c] = await Promise.all([1, 2, 3].map(() => signUp(app, "freelancer")));
    made.profiles.push(...[a, b, c].map((who) => who?.userId ?? ""));
    await insertProfile(app, { skills: { cryptography: 5, soc2: 4 }, hourlyRateMinor: 9000 }, a?.userId);
    await insertProfile(app, { skills: { cryptography: 3 }, hourlyRateMinor: 6000 }, b?.userId);
    await insertProfile(app, { skills: { cryptography: 5, soc2: 4 }, hourlyRateMinor: 9000 }, c?.userId);
    const pa = await propose(a as SignedIn, jobId, proposalBody(300_000));
    const pb = await propose(b as SignedIn, jobId, {
      ...proposalBody(250_000),
      milestones: [{ title: "All", amount: usd(250_000), dueAt: inDays(12) }],
    });
    const pc = await propose(c as SignedIn, jobId, proposalBody(300_000));

    const compared = await send(client, "GET", `/v1/jobs/${jobId}/proposals/compare?ids=${pb.id},${pa.id}`);
    expect(compared.statusCode, compared.body).toBe(200);
    const body = compared.json<{
      proposals: { id: string; facts: Record<string, unknown> }[];
      differences: string[];
    }>();
    expect(body.proposals.map((p) => p.id)).toEqual([pb.id, pa.id]);
    expect(body.differences).toEqual(
      expect.arrayContaining([
        "bid",
        "milestoneCount",
        "lastDueAt",
        "freelancerRate",
        "skillsMatched",
        "skillsMissing",
        "matchScore",
      ]),
    );
    // The same availability, no contracts, no reviews: not a difference.
    expect(body.differences).not.toContain("availability");
    expect(body.differences).not.toContain("completedContracts");
    expect(body.proposals[0]?.facts).toMatchObject({
      bid: usd(250_000),
      milestoneCount: 1,
      durationDays: 12,
      freelancerRate: usd(6000),
      skillsMatched: ["cryptography"],
      skillsMissing: ["soc2"],
    });
    expect(body.proposals[1]?.facts).toMatchObject({
      milestoneCount: 2,
      durationDays: 30,
      skillsMissing: [],
    });

    // Same freelancer facts and bid (different submission times make the last due dates differ slightly).
    const alike = (
      await send(client, "GET", `/v1/jobs/${jobId}/proposals/compare?ids=${pa.id},${pc.id}`)
    ).json<{
      differences: string[];
    }>();
    expect(alike.differences.filter((d) => d !== "lastDueAt" && d !== "durationDays")).toEqual([]);

    const elsewhere = await propose(a as SignedIn, await insertJob(app, client.userId));
    const foreign = await send(
      client,
      "GET",
      `/v1/jobs/${jobId}/proposals/compare?ids=${pa.id},${elsewhere.id}`,
    );
    expectProblem(foreign, 422, "SKP_VALIDATION_FAILED");
    expect(foreign.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(["ids.1"]);
    expectProblem(
      await send(client, "GET", `/v1/jobs/${jobId}/proposals/compare?ids=${pa.id}`),
      400,
      "SKP_VALIDATION_FAILED",
    );
    expectProblem(
      await send(client, "GET", `/v1/jobs/${jobId}/proposals/compare?ids=${pa.id},${pa.id}`),
      422,
      "SKP_VALIDATION_FAILED",
    );
    const stranger = await signUp(app, "client");
    expectProblem(
      await send(stranger, "GET", `/v1/jobs/${jobId}/proposals/compare?ids=${pa.id},${pb.id}`),
      404,
      "SKP_NOT_FOUND",
    );
  });
});
