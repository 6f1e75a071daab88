// Saved searches through the real app: the query is validated like the search route's, "new since last seen"
// counts what appeared after the owner last looked and resets when they look, and nobody else can see one.
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp } from "./app-harness.js";
import { dropKeysUnder, rateLimitNamespace, signUp, type SignedIn } from "./callers.js";
import { asOwner, postJob, uniqueWord } from "./jobs-fixtures.js";

type SavedSearch = {
  id: string;
  name: string;
  kind: string;
  query: Record<string, unknown>;
  lastSeenAt: string;
  newSinceLastSeen: number;
};

const namespace = rateLimitNamespace("saved-searches");
let app: FastifyInstance;
let freelancer: SignedIn;
let stranger: SignedIn;
let client: SignedIn;

beforeAll(async () => {
  app = await buildTestApp({
    RATE_LIMIT_NAMESPACE: namespace,
    RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
    RATE_LIMIT_AUTHENTICATED_PER_MINUTE: "100000",
    RATE_LIMIT_LOGIN_PER_MINUTE: "100000",
    RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE: "100000",
  });
  [freelancer, stranger, client] = await Promise.all([
    signUp(app, "freelancer"),
    signUp(app, "freelancer"),
    signUp(app, "client"),
  ]);
});
afterAll(async () => {
  if (app) await dropKeysUnder(app.redis, namespace);
  await app?.close();
});

const save = (payload: Record<string, unknown>, as: SignedIn = freelancer): Promise<LightMyRequestResponse> =>
  app.inject({ method: "POST", url: "/v1/saved-searches", headers: as.headers, payload });

async function saved(payload: Record<string, unknown>, as: SignedIn = freelancer): Promise<SavedSearch> {
  const response = await save(payload, as);
  expect(response.statusCode, response.body).toBe(201);
  return response.json<SavedSearch>();
}

async function read(id: string, as: SignedIn = freelancer): Promise<SavedSearch> {
  const response = await app.inject({ url: `/v1/saved-searches/${id}`, headers: as.headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<SavedSearch>();
}

describe("saved job searches", () => {
  it("count the matching jobs published since the owner last looked, and reset when they look", async () => {
    const word = uniqueWord();
    await postJob(app, client, { title: `${word} Kubernetes upgrade`, skills: ["kubernetes"] });
    const search = await saved({ name: "  K8s work  ", kind: "JOBS", query: { q: word, skills: ["k8s"] } });
    expect(search).toMatchObject({ name: "K8s work", kind: "JOBS", newSinceLastSeen: 0 });
    expect(search.query).toEqual({ q: word, skills: ["kubernetes"] });

    await postJob(app, client, { title: `${word} Helm charts`, skills: ["helm", "kubernetes"] });
    await postJob(app, client, { title: `${word} cluster autoscaling`, skills: ["kubernetes"] });
    await postJob(app, client, { title: `${word} React page`, skills: ["react"] }); // another skill
    await postJob(app, client, { title: `${word} Kubernetes draft`, skills: ["kubernetes"], state: "DRAFT" });
    expect((await read(search.id)).newSinceLastSeen).toBe(2);
    const list = await app.inject({ url: "/v1/saved-searches", headers: freelancer.headers });
    expect(
      list.json<{ items: SavedSearch[] }>().items.find((s) => s.id === search.id)?.newSinceLastSeen,
    ).toBe(2);

    const seen = await app.inject({
      method: "POST",
      url: `/v1/saved-searches/${search.id}/seen`,
      headers: freelancer.headers,
    });
    expect(seen.statusCode, seen.body).toBe(200);
    expect(seen.json<SavedSearch>().newSinceLastSeen).toBe(0);
    expect(Date.parse(seen.json<SavedSearch>().lastSeenAt)).toBeGreaterThan(Date.parse(search.lastSeenAt));

    await postJob(app, client, { title: `${word} service mesh`, skills: ["kubernetes"] });
    expect((await read(search.id)).newSinceLastSeen).toBe(1);
  });

  it("count through the typo fallback too, like the search itself", async () => {
    const word = uniqueWord();
    const search = await saved({ name: "Typo", kind: "JOBS", query: { q: `kuberntes ${word}` } });
    await postJob(app, client, { title: `Kubernetes operator ${word}` });
    expect((await read(search.id)).newSinceLastSeen).toBe(1);
  });

  it("validate the query with the search route's schema, naming the field", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ name: "x", kind: "JOBS", query: { skills: ["no-such-skill"] } }, "query.skills.0"],
      [{ name: "x", kind: "JOBS", query: { budgetMin: 500, budgetMax: 100 } }, "query.budgetMax"],
      [{ name: "x", kind: "JOBS", query: { postedWithin: "2d" } }, "query.postedWithin"],
      [{ name: "x", kind: "FREELANCERS", query: { category: ["devops"] } }, "query.category"],
      [{ name: "", kind: "JOBS", query: {} }, "name"],
    ];
    for (const [payload, field] of cases) {
      const response = await save(payload);
      // 400 when the schema refuses the value, 422 when a rule does; the field is named either way.
      expect([400, 422], JSON.stringify(payload)).toContain(response.statusCode);
      const fields = response.json<{ errors: { field: string }[] }>().errors.map((e) => e.field);
      expect(fields, JSON.stringify(payload)).toContain(field);
    }
  });
});

describe("saved freelancer searches", () => {
  it("count profiles created since the owner last looked", async () => {
    const word = uniqueWord();
    const search = await saved(
      { name: "Go people", kind: "FREELANCERS", query: { q: word, rateMax: 20_000 } },
      client,
    );
    for (const [rate, handle] of [
      [10_000, `a-${word}`],
      [30_000, `b-${word}`],
    ] as const) {
      const user = await signUp(app, "freelancer");
      await asOwner(
        `INSERT INTO freelancer_profiles (user_id, handle, headline, hourly_rate_minor, skill_ids)
         VALUES ($1, $2, $3, $4, ARRAY['go'])`,
        [user.userId, handle, `Go developer ${word}`, rate],
      );
    }
    const again = await read(search.id, client);
    expect(again).toMatchObject({
      kind: "FREELANCERS",
      query: { q: word, rateMax: 20_000 },
      newSinceLastSeen: 1,
    });
  });
});

describe("whose saved search it is", () => {
  it("is its owner's alone: anyone else gets the 404 of a missing one", async () => {
    const search = await saved({ name: "Mine", kind: "JOBS", query: { q: "terraform" } });
    for (const [method, suffix] of [
      ["GET", ""],
      ["POST", "/seen"],
      ["DELETE", ""],
    ] as const) {
      for (const id of [search.id, randomUUID()]) {
        const response = await app.inject({
          method,
          url: `/v1/saved-searches/${id}${suffix}`,
          headers: stranger.headers,
        });
        expect(response.statusCode, `${method} ${suffix}`).toBe(404);
        expect(response.json<{ code: string }>().code).toBe("SKP_NOT_FOUND");
      }
    }
    const strangers = await app.inject({ url: "/v1/saved-searches", headers: stranger.headers });
    expect(strangers.json<{ items: SavedSearch[] }>().items).toEqual([]);
    expect((await app.inject({ url: `/v1/saved-searches/${search.id}` })).statusCode).toBe(401);

    const deleted = await app.inject({
      method: "DELETE",
      url: `/v1/saved-searches/${search.id}`,
      headers: freelancer.headers,
    });
    expect(deleted.statusCode).toBe(204);
    const gone = await app.inject({ url: `/v1/saved-searches/${search.id}`, headers: freelancer.headers });
    expect(gone.statusCode).toBe(404);
  });

  it("lists the owner's saved searches newest first, a page at a time", async () => {
    const owner = await signUp(app, "freelancer");
    const made: string[] = [];
    for (let i = 0; i < 5; i += 1)
      made.push((await saved({ name: `Search ${i}`, kind: "JOBS", query: {} }, owner)).id);
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const response: LightMyRequestResponse = await app.inject({
        url: `/v1/saved-searches?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
        headers: owner.headers,
      });
      const page = response.json<{ items: SavedSearch[]; nextCursor: string | null }>();
      ids.push(...page.items.map((s) => s.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids).toEqual([...made].reverse());
  });
});
