// Review blinding through the real app and database: a review stays hidden from the other party and the
// public until both parties are in or the window after completion closes (no retaliation); one review per
// party, even when two requests race; none before completion or after the window.
import { stackEnv } from "@skillpod/testkit";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ContractReviews, PublicReview } from "../src/reviews/index.js";
import { buildTestApp, expectProblem } from "./app-harness.js";
import { dropKeysUnder, rateLimitNamespace, signUp, type SignedIn } from "./callers.js";
import { closeContractRows, insertContract } from "./matrix/reviews.js";

const namespace = rateLimitNamespace("reviews");
const day = 24 * 3600;
let app: FastifyInstance;
let owner: pg.Client;

beforeAll(async () => {
  app = await buildTestApp({
    RATE_LIMIT_NAMESPACE: namespace,
    RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
    RATE_LIMIT_LOGIN_PER_MINUTE: "100000",
    RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE: "100000",
    REVIEW_WINDOW_SECONDS: String(7 * day),
  });
  owner = new pg.Client({ connectionString: stackEnv("TEST_DATABASE_URL") });
  await owner.connect();
});
afterAll(async () => {
  await owner?.end();
  await closeContractRows();
  if (app) await dropKeysUnder(app.redis, namespace);
  await app?.close();
});

type Pair = { freelancer: SignedIn; client: SignedIn; handle: string };

/** A freelancer with a public profile, and a client. */
async function pair(): Promise<Pair> {
  const [freelancer, client] = await Promise.all([signUp(app, "freelancer"), signUp(app, "client")]);
  const handle = `rv-${randomBytes(6).toString("hex")}`;
  const saved = await app.inject({
    method: "PUT",
    url: "/v1/me/freelancer-profile",
    headers: freelancer.headers,
    payload: { handle },
  });
  expect(saved.statusCode, saved.body).toBe(201);
  return { freelancer, client, handle };
}

const completed = (p: Pair, extra: { completedAt?: Date; state?: string } = {}): Promise<string> =>
  insertContract({
    clientId: p.client.userId,
    freelancerId: p.freelancer.userId,
    title: "Operator work",
    ...extra,
  });

const post = (
  who: SignedIn,
  contractId: string,
  rating = 5,
  body = "Great work",
): Promise<LightMyRequestResponse> =>
  app.inject({
    method: "POST",
    url: `/v1/contracts/${contractId}/reviews`,
    headers: who.headers,
    payload: { rating, body },
  });

async function seenBy(who: SignedIn, contractId: string): Promise<ContractReviews> {
  const response = await app.inject({ url: `/v1/contracts/${contractId}/reviews`, headers: who.headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ContractReviews>();
}

async function publicReviews(
  handle: string,
  query = "",
): Promise<{ items: PublicReview[]; nextCursor: string | null }> {
  const response = await app.inject({ url: `/v1/freelancers/${handle}/reviews${query}` });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

describe("review blinding", () => {
  it("hides a review from the other party and the public until both are in", async () => {
    const p = await pair();
    const contractId = await completed(p);

    const first = await post(p.client, contractId, 2, "Missed two deadlines.");
    expect(first.statusCode, first.body).toBe(201);
    expect(first.json()).toMatchObject({
      contractId,
      authorId: p.client.userId,
      subjectId: p.freelancer.userId,
      rating: 2,
      visible: false,
    });

    // The freelancer cannot see it (so cannot retaliate), the public cannot; the author sees their own.
    const freelancerView = await seenBy(p.freelancer, contractId);
    expect(freelancerView.reviews).toEqual([]);
    expect(freelancerView.canReview).toBe(true);
    expect((await publicReviews(p.handle)).items).toEqual([]);
    const clientView = await seenBy(p.client, contractId);
    expect(clientView.reviews).toMatchObject([{ rating: 2, visible: false }]);
    expect(clientView.canReview).toBe(false);

    // The freelancer reviews too: both show, to both parties and (the client's) to the public.
    const second = await post(p.freelancer, contractId, 4, "Clear brief.");
    expect(second.statusCode).toBe(201);
    expect(second.json()).toMatchObject({ visible: true, subjectId: p.client.userId });
    for (const who of [p.client, p.freelancer]) {
      const view = await seenBy(who, contractId);
      expect(view.reviews.map((r) => [r.authorId, r.rating, r.visible])).toEqual([
        [p.client.userId, 2, true],
        [p.freelancer.userId, 4, true],
      ]);
    }
    const shown = await publicReviews(p.handle);
    expect(shown.items).toMatchObject([
      {
        rating: 2,
        body: "Missed two deadlines.",
        contractTitle: "Operator work",
        author: { userId: p.client.userId, displayName: "Test client" },
      },
    ]);
  });

  it("shows a lone review once the window has closed", async () => {
    const p = await pair();
    const contractId = await completed(p, { completedAt: new Date(Date.now() - 6 * day * 1000) });
    expect((await post(p.freelancer, contractId, 5, "Paid on time.")).statusCode).toBe(201);
    expect((await seenBy(p.client, contractId)).reviews).toEqual([]);

    // Time passes: the window (7 days) closes with only one review in.
    await owner.query("UPDATE contracts SET completed_at = now() - interval '8 days' WHERE id = $1", [
      contractId,
    ]);
    const view = await seenBy(p.client, contractId);
    expect(view.reviews).toMatchObject([{ authorId: p.freelancer.userId, rating: 5, visible: true }]);
    expect(view.canReview).toBe(false);
    expectProblem(await post(p.client, contractId), 409, "SKP_REVIEW_WINDOW_CLOSED");
  });
});

describe("leaving a review", () => {
  it("allows one review per party, also when two requests race", async () => {
    const p = await pair();
    const contractId = await completed(p);
    const raced = await Promise.all([post(p.client, contractId, 5), post(p.client, contractId, 1)]);
    expect(raced.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    expectProblem(
      raced.find((r) => r.statusCode === 409)!,
      409,
      "SKP_REVIEW_EXISTS",
    );
    expectProblem(await post(p.client, contractId), 409, "SKP_REVIEW_EXISTS");
    const rows = await owner.query("SELECT author_id FROM reviews WHERE contract_id = $1", [contractId]);
    expect(rows.rows).toEqual([{ author_id: p.client.userId }]);
  });

  it("waits for completion and closes with the window", async () => {
    const p = await pair();
    const active = await completed(p, { state: "active" });
    expectProblem(await post(p.client, active), 409, "SKP_CONTRACT_NOT_COMPLETED");
    expect((await seenBy(p.client, active)).canReview).toBe(false);

    const late = await completed(p, { completedAt: new Date(Date.now() - 7 * day * 1000 - 60_000) });
    expectProblem(await post(p.freelancer, late), 409, "SKP_REVIEW_WINDOW_CLOSED");
    const justIn = await completed(p, { completedAt: new Date(Date.now() - 7 * day * 1000 + 60_000) });
    expect((await post(p.freelancer, justIn)).statusCode).toBe(201);
  });

  it("answers a stranger, and a contract that does not exist, with the same 404", async () => {
    const p = await pair();
    const contractId = await completed(p);
    const [stranger, otherFreelancer] = await Promise.all([signUp(app, "client"), signUp(app, "freelancer")]);
    for (const who of [stranger, otherFreelancer]) {
      expectProblem(await post(who, contractId), 404, "SKP_NOT_FOUND");
      expectProblem(
        await app.inject({ url: `/v1/contracts/${contractId}/reviews`, headers: who.headers }),
        404,
        "SKP_NOT_FOUND",
      );
    }
    expectProblem(await post(p.client, "c_does_not_exist"), 404, "SKP_NOT_FOUND");
    expectProblem(await post(p.client, contractId, 6), 400, "SKP_VALIDATION_FAILED");
    expectProblem(await post(p.client, contractId, 3, "x".repeat(5001)), 400, "SKP_VALIDATION_FAILED");
    expectProblem(await post(p.client, contractId, 3, ""), 400, "SKP_VALIDATION_FAILED");
  });
});

describe("a freelancer's public reviews", () => {
  it("pages newest first without skipping or repeating", async () => {
    const p = await pair();
    const ids: string[] = [];
    for (const rating of [3, 4, 5]) {
      const contractId = await completed(p);
      const review = await post(p.client, contractId, rating);
      ids.push(review.json<{ id: string }>().id);
      expect((await post(p.freelancer, contractId)).statusCode).toBe(201);
    }
    const first = await publicReviews(p.handle, "?limit=2");
    expect(first.items.map((r) => r.rating)).toEqual([5, 4]);
    expect(first.nextCursor).not.toBeNull();
    const second = await publicReviews(p.handle, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.items.map((r) => r.rating)).toEqual([3]);
    expect(second.nextCursor).toBeNull();
    expect([...first.items, ...second.items].map((r) => r.id).sort()).toEqual([...ids].sort());

    expectProblem(
      await app.inject({ url: `/v1/freelancers/${p.handle}/reviews?cursor=bm90IGEgY3Vyc29y` }),
      422,
      "SKP_VALIDATION_FAILED",
    );
    const forged = Buffer.from(JSON.stringify(["yesterday", "x"])).toString("base64url");
    expectProblem(
      await app.inject({ url: `/v1/freelancers/${p.handle}/reviews?cursor=${forged}` }),
      422,
      "SKP_VALIDATION_FAILED",
    );
    expectProblem(
      await app.inject({ url: "/v1/freelancers/no-such-handle-zz/reviews" }),
      404,
      "SKP_NOT_FOUND",
    );
  });
});
