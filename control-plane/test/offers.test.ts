// Offers and the hire, through the real app beside the real workers process (the ContractWorkflow runs):
// the job's owner offers from a proposal with edited terms, the freelancer accepts and the contract starts
// once however often the accept is sent; offers expire, are declined, withdrawn and made again; strangers
// find nothing; a hire whose workflow could not start completes when retried.
import { liveStreamKey } from "@skillpod/live-events";
import { waitFor } from "@skillpod/testkit";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, expectProblem } from "./app-harness.js";
import { dropKeysUnder, rateLimitNamespace, signIn, signUp, type SignedIn } from "./callers.js";
import { postJob } from "./jobs-fixtures.js";
import { startMoneyStack, type MoneyStack } from "./money-stack.js";
import { makeOffer, offerRequest, proposalOn, type OfferView } from "./offers-fixtures.js";
import { setJobState } from "./proposals-fixtures.js";

const namespace = rateLimitNamespace("offers");
const roomy = {
  RATE_LIMIT_NAMESPACE: namespace,
  RATE_LIMIT_DEFAULT_PER_MINUTE: "100000",
  RATE_LIMIT_AUTHENTICATED_PER_MINUTE: "100000",
  RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
  RATE_LIMIT_LOGIN_PER_MINUTE: "100000",
};
let stack: MoneyStack;
let app: FastifyInstance;
let client: SignedIn;
let freelancer: SignedIn;

const usd = (amountMinor: number): { amountMinor: number; currency: string } => ({
  amountMinor,
  currency: "USD",
});
const inDays = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString();

function send(
  who: SignedIn,
  method: "GET" | "POST",
  url: string,
  payload?: Record<string, unknown>,
  on: FastifyInstance = app,
): Promise<LightMyRequestResponse> {
  return on.inject({ method, url, headers: who.headers, ...(payload ? { payload } : {}) });
}

async function ok<T>(response: Promise<LightMyRequestResponse>, status = 200): Promise<T> {
  const answer = await response;
  expect(answer.statusCode, answer.body).toBe(status);
  return answer.json<T>();
}

const accept = (offerId: string, who = freelancer, on = app): Promise<LightMyRequestResponse> =>
  send(who, "POST", `/v1/offers/${offerId}/accept`, undefined, on);

/** A fresh pending offer from `client` to `freelancer` on a fresh proposal. */
async function pendingOffer(body: Record<string, unknown> = {}): Promise<OfferView> {
  return makeOffer(app, client, await proposalOn(app, client.userId, freelancer.userId), body);
}

/** The live events a user's stream holds of one type. */
async function liveEvents(userId: string, type: string): Promise<Record<string, unknown>[]> {
  const entries = await app.redis.xrange(liveStreamKey(userId), "-", "+");
  return entries
    .map(([, fields]) => JSON.parse(fields[1] ?? "{}") as { type: string; data: Record<string, unknown> })
    .filter((event) => event.type === type)
    .map((event) => event.data);
}

beforeAll(async () => {
  stack = await startMoneyStack({ appOverrides: roomy });
  app = stack.app;
  [client, freelancer] = await Promise.all([signUp(app, "client"), signUp(app, "freelancer")]);
}, 180_000);
afterAll(async () => {
  if (app) await dropKeysUnder(app.redis, namespace);
  await stack?.close();
});

describe("the hire", () => {
  it("offers edited terms from a proposal; accepting starts the contract with exactly those terms", async () => {
    const job = await postJob(app, client, {
      title: `Offer test ${randomUUID().slice(0, 8)}`,
      budget: { minMinor: 100_000, maxMinor: 400_000 },
      workspaceTerms: {
        egress: { allow: ["10.0.0.0/8:443"] },
        supervision: { viewersAllowed: true, recording: "WithConsent" },
      },
    });
    const proposal = await ok<{ id: string }>(
      send(freelancer, "POST", `/v1/jobs/${job.id}/proposals`, {
        coverLetter: "I will do it in two steps.",
        bid: usd(300_000),
        milestones: [{ title: "All of it", amount: usd(300_000), dueAt: inDays(20) }],
      }),
      201,
    );

    const made = await ok<OfferView>(
      send(client, "POST", `/v1/proposals/${proposal.id}/offers`, {
        milestones: [
          { title: "Cluster", amount: usd(120_000), dueAt: inDays(10) },
          { title: "Pipelines", amount: usd(180_000) },
        ],
        workspaceTerms: { clipboard: "Disabled", supervision: { viewersAllowed: false } },
        message: "Happy to start Monday",
      }),
      201,
    );
    expect(made).toMatchObject({
      proposalId: proposal.id,
      job: { id: job.id, title: job.title },
      title: job.title,
      billing: "FIXED",
      state: "PENDING",
      contractId: null,
      total: usd(300_000),
      message: "Happy to start Monday",
      milestones: [
        { id: `c-${made.id}-m1`, position: 1, title: "Cluster", amount: usd(120_000) },
        { id: `c-${made.id}-m2`, position: 2, title: "Pipelines", amount: usd(180_000), dueAt: null },
      ],
    });
    // The job's terms, with the offer's changes on top.
    const terms = {
      className: "standard-desktop",
      egress: { allow: ["10.0.0.0/8:443"] },
      supervision: { viewersAllowed: false, recording: "WithConsent" },
      clipboard: "Disabled",
      fileTransfer: "Both",
    };
    expect(made.workspaceTerms).toEqual(terms);
    const ttl = Date.parse(made.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(6 * 86_400_000);
    expect(ttl).toBeLessThanOrEqual(7 * 86_400_000);

    for (const party of [client, freelancer]) {
      const page = await ok<{ items: OfferView[] }>(send(party, "GET", "/v1/offers?state=PENDING&limit=100"));
      expect(page.items.map((o) => o.id)).toContain(made.id);
    }

    const accepted = await ok<OfferView>(accept(made.id));
    const contractId = `c-${made.id}`;
    expect(accepted).toMatchObject({ id: made.id, state: "ACCEPTED", contractId });

    const contract = await app.prisma.contract.findUniqueOrThrow({
      where: { id: contractId },
      include: { milestones: { orderBy: { position: "asc" } } },
    });
    expect(contract).toMatchObject({
      workflowId: `contract-${contractId}`,
      clientId: client.userId,
      freelancerId: freelancer.userId,
      title: job.title,
      currency: "USD",
      billing: "FIXED",
      platformFeeBps: 1000,
      offerId: made.id,
      jobId: job.id,
      workspaceTerms: terms,
    });
    expect(
      contract.milestones.map((m) => [
        m.id,
        m.position,
        m.title,
        Number(m.amountMinor),
        m.dueAt?.toISOString(),
      ]),
    ).toEqual([
      [`${contractId}-m1`, 1, "Cluster", 120_000, made.milestones[0]?.dueAt],
      [`${contractId}-m2`, 2, "Pipelines", 180_000, undefined],
    ]);

    const view = await app.contracts.state(contractId);
    expect(view.phase).toBe("active");
    expect(view.milestones.map((m) => [m.id, m.amountMinor, m.state])).toEqual([
      [`${contractId}-m1`, 120_000, "pending"],
      [`${contractId}-m2`, 180_000, "pending"],
    ]);
    await waitFor("the contract row to be active", async () =>
      (await app.prisma.contract.findUnique({ where: { id: contractId } }))?.state === "active"
        ? true
        : undefined,
    );
    const hired = await app.prisma.proposal.findUniqueOrThrow({ where: { id: proposal.id } });
    expect(hired.state).toBe("HIRED");

    // A retried accept is the same hire, not a second one.
    expect(await ok<OfferView>(accept(made.id))).toMatchObject({ state: "ACCEPTED", contractId });
    expect(await app.prisma.contract.count({ where: { offerId: made.id } })).toBe(1);
    expectProblem(await offerRequest(app, client, proposal.id), 409, "SKP_PROPOSAL_INVALID_STATE");

    // Both parties heard of it: the notices the workers wrote, and the live events.
    await waitFor("the offer notices", async () => {
      const rows = await app.prisma.notification.findMany({
        where: { userId: { in: [client.userId, freelancer.userId] }, dedupeKey: { contains: made.id } },
      });
      const kinds = rows.map(
        (row) => `${row.userId === client.userId ? "client" : "freelancer"}:${row.kind}`,
      );
      return kinds.includes("freelancer:offer.received") && kinds.includes("client:offer.accepted")
        ? kinds
        : undefined;
    });
    for (const party of [client, freelancer]) {
      const states = (await liveEvents(party.userId, "offer.changed")).filter((e) => e.offerId === made.id);
      expect(states.map((e) => e.state)).toEqual(expect.arrayContaining(["PENDING", "ACCEPTED"]));
      const contracts = await liveEvents(party.userId, "contract.changed");
      expect(contracts).toContainEqual({ contractId, phase: "active" });
    }
  }, 60_000);

  it("makes one contract and one workflow from five concurrent accepts", async () => {
    const offer = await pendingOffer();
    const answers = await Promise.all(Array.from({ length: 5 }, () => accept(offer.id)));
    for (const answer of answers) {
      expect(answer.statusCode, answer.body).toBe(200);
      expect(answer.json<OfferView>().contractId).toBe(`c-${offer.id}`);
    }
    expect(await app.prisma.contract.count({ where: { offerId: offer.id } })).toBe(1);
    expect(await app.prisma.milestone.count({ where: { contractId: `c-${offer.id}` } })).toBe(1);
    expect((await app.contracts.state(`c-${offer.id}`)).phase).toBe("active");
    const runs = [];
    for await (const run of app.temporal.workflow.list({ query: `WorkflowId = 'contract-c-${offer.id}'` }))
      runs.push(run.runId);
    expect(runs.length).toBeLessThanOrEqual(1);
  }, 60_000);

  it("completes a hire whose workflow could not be started when the accept is retried", async () => {
    const offer = await pendingOffer();
    // The same database and a Temporal that refuses every start (a namespace it does not have): the offer
    // is accepted and recorded, the contract cannot start.
    const cut = await buildTestApp({
      ...roomy,
      ...stack.appEnv,
      TEMPORAL_NAMESPACE: `missing-${randomUUID()}`,
    });
    try {
      const there = await signIn(cut, freelancer, "freelancer");
      expectProblem(await accept(offer.id, there, cut), 503, "SKP_CONTRACTS_UNAVAILABLE");
    } finally {
      await cut.close();
    }
    const row = await app.prisma.offer.findUniqueOrThrow({ where: { id: offer.id } });
    expect(row).toMatchObject({ state: "ACCEPTED", contractId: `c-${offer.id}` });
    expect(await app.prisma.contract.count({ where: { offerId: offer.id } })).toBe(1);

    expect(await ok<OfferView>(accept(offer.id))).toMatchObject({ contractId: `c-${offer.id}` });
    expect((await app.contracts.state(`c-${offer.id}`)).phase).toBe("active");
  }, 90_000);
});

describe("an offer's life", () => {
  it("expires: it reads as expired, cannot be accepted, and may be made again", async () => {
    const offer = await pendingOffer({ expiresInSeconds: 3600 });
    await app.prisma.offer.update({
      where: { id: offer.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect(await ok<OfferView>(send(freelancer, "GET", `/v1/offers/${offer.id}`))).toMatchObject({
      state: "EXPIRED",
    });
    expect((await app.prisma.offer.findUniqueOrThrow({ where: { id: offer.id } })).state).toBe("EXPIRED");
    expectProblem(await accept(offer.id), 409, "SKP_OFFER_EXPIRED");
    expect(await app.prisma.contract.count({ where: { offerId: offer.id } })).toBe(0);

    const again = await makeOffer(app, client, offer.proposalId, { expiresInSeconds: 600 });
    expect(again).toMatchObject({ id: offer.id, state: "PENDING" });
    expect(Date.parse(again.expiresAt) - Date.now()).toBeLessThanOrEqual(600_000);
  });

  it("is declined with a reason the client sees, made again, then withdrawn", async () => {
    const offer = await pendingOffer();
    expectProblem(await offerRequest(app, client, offer.proposalId), 409, "SKP_OFFER_EXISTS");
    expectProblem(await send(client, "POST", `/v1/offers/${offer.id}/decline`, {}), 403, "SKP_FORBIDDEN");

    const declined = await ok<OfferView>(
      send(freelancer, "POST", `/v1/offers/${offer.id}/decline`, { reason: "Booked until March" }),
    );
    expect(declined).toMatchObject({ state: "DECLINED", declineReason: "Booked until March" });
    expect(await ok<OfferView>(send(client, "GET", `/v1/offers/${offer.id}`))).toMatchObject({
      state: "DECLINED",
      declineReason: "Booked until March",
    });
    expectProblem(await accept(offer.id), 409, "SKP_OFFER_INVALID_STATE");

    const again = await makeOffer(app, client, offer.proposalId, {
      title: "Same work, better terms",
      milestones: [{ title: "All of it", amount: usd(150_000) }],
    });
    expect(again).toMatchObject({
      id: offer.id,
      state: "PENDING",
      declineReason: null,
      title: "Same work, better terms",
      total: usd(150_000),
    });

    const withdrawn = await ok<OfferView>(send(client, "POST", `/v1/offers/${offer.id}/withdraw`));
    expect(withdrawn.state).toBe("WITHDRAWN");
    expectProblem(
      await send(freelancer, "POST", `/v1/offers/${offer.id}/decline`, {}),
      409,
      "SKP_OFFER_INVALID_STATE",
    );
    expectProblem(await accept(offer.id), 409, "SKP_OFFER_INVALID_STATE");
    const news = await liveEvents(freelancer.userId, "offer.changed");
    expect(news.filter((e) => e.offerId === offer.id).map((e) => e.state)).toEqual([
      "PENDING",
      "DECLINED",
      "PENDING",
      "WITHDRAWN",
    ]);
  });

  it("is made only on a submitted or shortlisted proposal of an open job, with terms that hold together", async () => {
    const proposalId = await proposalOn(app, client.userId, freelancer.userId);
    const refused = await offerRequest(app, client, proposalId, {
      milestones: [
        { title: "One", amount: usd(100) },
        { title: "Two", amount: { amountMinor: 100, currency: "EUR" } },
        { title: "Late", amount: usd(100), dueAt: "2020-01-01T00:00:00Z" },
      ],
      hourlyRate: usd(9000),
      expiresInSeconds: 8 * 24 * 3600,
    });
    expectProblem(refused, 422, "SKP_VALIDATION_FAILED");
    expect(refused.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual([
      "expiresInSeconds",
      "milestones.1.amount.currency",
      "milestones.2.dueAt",
      "hourlyRate",
    ]);
    const hourly = await offerRequest(app, client, proposalId, {
      billing: "HOURLY",
      hourlyRate: { amountMinor: 9000, currency: "EUR" },
    });
    expectProblem(hourly, 422, "SKP_VALIDATION_FAILED");
    expect(hourly.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual([
      "hourlyRate.currency",
      "weeklyLimitMinutes",
    ]);
    expect(
      await makeOffer(app, client, proposalId, {
        billing: "HOURLY",
        hourlyRate: usd(9000),
        weeklyLimitMinutes: 600,
      }),
    ).toMatchObject({ billing: "HOURLY", hourlyRate: usd(9000), weeklyLimitMinutes: 600 });

    const withdrawn = await proposalOn(app, client.userId, freelancer.userId);
    await ok(send(freelancer, "POST", `/v1/proposals/${withdrawn}/withdraw`));
    expectProblem(await offerRequest(app, client, withdrawn), 409, "SKP_PROPOSAL_INVALID_STATE");

    const closed = await proposalOn(app, client.userId, freelancer.userId);
    const { jobId } = await app.prisma.proposal.findUniqueOrThrow({ where: { id: closed } });
    await setJobState(app, jobId, "CLOSED");
    expectProblem(await offerRequest(app, client, closed), 409, "SKP_JOB_NOT_OPEN");
  });
});

describe("who sees an offer", () => {
  it("its two parties; for anyone else it does not exist", async () => {
    const offer = await pendingOffer();
    const [otherClient, otherFreelancer, admin] = await Promise.all([
      signUp(app, "client"),
      signUp(app, "freelancer"),
      signUp(app, "admin"),
    ]);
    const missing = await send(client, "GET", `/v1/offers/${randomUUID()}`);
    expectProblem(missing, 404, "SKP_NOT_FOUND");
    for (const stranger of [otherClient, otherFreelancer, admin]) {
      const read = await send(stranger, "GET", `/v1/offers/${offer.id}`);
      expectProblem(read, 404, "SKP_NOT_FOUND");
      expect(read.json<{ detail: string }>().detail).toBe(missing.json<{ detail: string }>().detail);
      const page = await ok<{ items: OfferView[] }>(send(stranger, "GET", "/v1/offers"));
      expect(page.items).toEqual([]);
    }
    expectProblem(await accept(offer.id, otherFreelancer), 404, "SKP_NOT_FOUND");
    expectProblem(
      await send(otherFreelancer, "POST", `/v1/offers/${offer.id}/decline`, {}),
      404,
      "SKP_NOT_FOUND",
    );
    expectProblem(await send(otherClient, "POST", `/v1/offers/${offer.id}/withdraw`), 404, "SKP_NOT_FOUND");
    expectProblem(await offerRequest(app, otherClient, offer.proposalId), 404, "SKP_NOT_FOUND");
    expect((await app.prisma.offer.findUniqueOrThrow({ where: { id: offer.id } })).state).toBe("PENDING");
  });

  it("lists a party's offers newest first, a page at a time", async () => {
    const [pairClient, pairFreelancer] = await Promise.all([
      signUp(app, "client"),
      signUp(app, "freelancer"),
    ]);
    const made: string[] = [];
    for (let i = 0; i < 3; i += 1)
      made.push(
        (await makeOffer(app, pairClient, await proposalOn(app, pairClient.userId, pairFreelancer.userId)))
          .id,
      );
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: string = cursor ? `&cursor=${cursor}` : "";
      const page: { items: OfferView[]; nextCursor: string | null } = await ok(
        send(pairFreelancer, "GET", `/v1/offers?limit=2${query}`),
      );
      seen.push(...page.items.map((o) => o.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual([...made].reverse());
    expectProblem(
      await send(pairFreelancer, "GET", "/v1/offers?cursor=nonsense"),
      422,
      "SKP_VALIDATION_FAILED",
    );
  });
});
