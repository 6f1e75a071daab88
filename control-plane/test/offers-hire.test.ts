// The hire through the real app beside the real workers process (the ContractWorkflow runs): the job's owner
// offers edited terms from a proposal, the freelancer accepts and the contract starts with exactly those
// terms, once however often and however concurrently the accept is sent; a hire whose workflow could not
// start completes when the accept is retried.
import { waitFor } from "@skillpod/testkit";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, expectProblem } from "./app-harness.js";
import { dropKeysUnder, rateLimitNamespace, signIn, signUp, type SignedIn } from "./callers.js";
import { postJob } from "./jobs-fixtures.js";
import { startMoneyStack, type MoneyStack } from "./money-stack.js";
import {
  inDays,
  liveEvents,
  makeOffer,
  offerRequest,
  ok,
  proposalOn,
  roomy,
  send as sendAs,
  usd,
  type OfferView,
} from "./offers-fixtures.js";

const namespace = rateLimitNamespace("offers-hire");
let stack: MoneyStack;
let app: FastifyInstance;
let client: SignedIn;
let freelancer: SignedIn;

const send = (
  who: SignedIn,
  method: "GET" | "POST",
  url: string,
  payload?: Record<string, unknown>,
  on: FastifyInstance = app,
): Promise<LightMyRequestResponse> => sendAs(on, who, { method, url, ...(payload ? { payload } : {}) });

const accept = (offerId: string, who = freelancer, on = app): Promise<LightMyRequestResponse> =>
  send(who, "POST", `/v1/offers/${offerId}/accept`, undefined, on);

/** A fresh pending offer from `client` to `freelancer` on a fresh proposal. */
async function pendingOffer(body: Record<string, unknown> = {}): Promise<OfferView> {
  return makeOffer(app, client, await proposalOn(app, client.userId, freelancer.userId), body);
}

beforeAll(async () => {
  stack = await startMoneyStack({ appOverrides: roomy(namespace) });
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
      const states = (await liveEvents(app, party.userId, "offer.changed")).filter(
        (e) => e.offerId === made.id,
      );
      expect(states.map((e) => e.state)).toEqual(expect.arrayContaining(["PENDING", "ACCEPTED"]));
      const contracts = await liveEvents(app, party.userId, "contract.changed");
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
    expect(
      await app.prisma.contractEvent.count({ where: { contractId: `c-${offer.id}`, kind: "accepted" } }),
    ).toBe(1);
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
