// Offers through the real app on the real PostgreSQL and Redis: made only from an offerable proposal with
// terms that hold together, expired, declined with a reason, made again, withdrawn; listed a page at a
// time; for anyone but its two parties an offer does not exist. (Accepting for real: offers-hire.test.ts.)
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, expectProblem } from "./app-harness.js";
import { dropKeysUnder, rateLimitNamespace, signUp, type SignedIn } from "./callers.js";
import {
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
import { setJobState } from "./proposals-fixtures.js";

const namespace = rateLimitNamespace("offers");
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
  app = await buildTestApp(roomy(namespace));
  [client, freelancer] = await Promise.all([signUp(app, "client"), signUp(app, "freelancer")]);
});
afterAll(async () => {
  if (app) await dropKeysUnder(app.redis, namespace);
  await app?.close();
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
    const news = await liveEvents(app, freelancer.userId, "offer.changed");
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
