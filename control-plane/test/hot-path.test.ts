// The guarantees GET /v1/me keeps while it is made cheap (bench/api.bench.ts): the user is read from the
// database on every request, however recently the same token was verified, so a changed role shows and a
// deleted account is refused on the very next request; reads batched into one query answer each caller with
// their own row; the security headers, computed once, are still @fastify/helmet's on every response; and rate
// limits counted locally before Redis has them still hold across replicas, within the stated tolerance.
import { stackEnv } from "@skillpod/testkit";
import helmet from "@fastify/helmet";
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from "fastify";
import { generateKeyPairSync } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { localAllowance, SharedCounters } from "../src/plugins/external/shared-counters.js";
import { buildTestApp } from "./app-harness.js";
import { dropKeysUnder, rateLimitNamespace, signUp, type SignedIn } from "./callers.js";

// One signing key for every app below: a token issued by one is valid on the others, as across replicas.
const JWT_PRIVATE_KEY = generateKeyPairSync("ed25519")
  .privateKey.export({ type: "pkcs8", format: "pem" })
  .toString();
const namespace = rateLimitNamespace("hot-path");
const owner = new pg.Pool({ connectionString: stackEnv("TEST_DATABASE_URL"), max: 2 });
const apps: FastifyInstance[] = [];

async function app(overrides: Record<string, string> = {}): Promise<FastifyInstance> {
  const built = await buildTestApp({ JWT_PRIVATE_KEY, RATE_LIMIT_NAMESPACE: namespace, ...overrides });
  apps.push(built);
  return built;
}

const me = (on: FastifyInstance, who: SignedIn): Promise<LightMyRequestResponse> =>
  on.inject({ url: "/v1/me", headers: who.headers });

afterAll(async () => {
  if (apps[0]) await dropKeysUnder(apps[0].redis, namespace);
  await Promise.all(apps.map((a) => a.close()));
  await owner.end();
});

describe("GET /v1/me reads the account on every request", () => {
  let api: FastifyInstance;
  beforeAll(async () => {
    api = await app();
  });

  it("shows a role taken away, and refuses a deleted account, on the next request", async () => {
    const ann = await signUp(api, "client");
    // The token is now verified and remembered: what follows must still come from the database.
    expect((await me(api, ann)).json()).toMatchObject({ id: ann.userId, roles: ["client"] });
    await owner.query("UPDATE users SET roles = ARRAY['freelancer'] WHERE id = $1", [ann.userId]);
    expect((await me(api, ann)).json()).toMatchObject({ roles: ["freelancer"] });
    await owner.query("DELETE FROM users WHERE id = $1", [ann.userId]);
    const refused = await me(api, ann);
    expect(refused.statusCode).toBe(401);
    expect(refused.json()).toMatchObject({ code: "SKP_UNAUTHENTICATED" });
  });

  it("answers callers whose reads share one query each with their own account", async () => {
    const callers = await Promise.all(
      (["client", "freelancer", "client", "freelancer"] as const).map((role) => signUp(api, role)),
    );
    const gone = callers[3]!;
    await owner.query("DELETE FROM users WHERE id = $1", [gone.userId]);
    // Issued together, the reads fall in one turn of the event loop: fewer queries than requests.
    const query = api.pg.query.bind(api.pg);
    let queries = 0;
    api.pg.query = ((...args: Parameters<typeof query>) => {
      queries += 1;
      return query(...args);
    }) as typeof query;
    const answers = await Promise.all([...callers, ...callers].map((who) => me(api, who))).finally(() => {
      api.pg.query = query;
    });
    expect(queries).toBeGreaterThan(0);
    expect(queries).toBeLessThan(answers.length);
    answers.forEach((answer, i) => {
      const who = callers[i % callers.length]!;
      if (who === gone) expect(answer.statusCode).toBe(401);
      else expect(answer.json()).toMatchObject({ id: who.userId, email: who.email, roles: [who.role] });
    });
  });
});

describe("security headers taken from @fastify/helmet once", () => {
  it("are the ones the plugin sends, on routes, on 404s and on 401s", async () => {
    const reference = Fastify({ logger: false });
    await reference.register(helmet, {
      contentSecurityPolicy: {
        directives: { "script-src": ["'self'", "'unsafe-inline'"], "img-src": ["'self'", "data:"] },
      },
    });
    reference.get("/", () => ({}));
    const expected = (await reference.inject({ url: "/" })).headers;
    await reference.close();
    const api = apps[0] ?? (await app());
    const framework = new Set(["content-type", "content-length", "date", "connection"]);
    const helmetNames = Object.keys(expected).filter((name) => !framework.has(name));
    expect(helmetNames).toContain("content-security-policy");
    for (const url of ["/healthz", "/no-such-route", "/v1/me"]) {
      const { headers } = await api.inject({ url });
      for (const name of helmetNames) expect(headers[name], `${url} ${name}`).toBe(expected[name]);
    }
  });
});

describe("a rate limit counted locally first", () => {
  // 300 a minute: each replica may admit up to 2 (⌊300 / 100⌋ − 1) requests Redis has not counted yet.
  const limit = 300;
  const slack = 2;
  let replicas: FastifyInstance[];
  let setup: FastifyInstance;

  beforeAll(async () => {
    setup = await app({ RATE_LIMIT_NAMESPACE: `${namespace}setup:` });
    const limited = { RATE_LIMIT_AUTHENTICATED_PER_MINUTE: String(limit) };
    replicas = [await app(limited), await app(limited)];
  });

  async function admitted(calls: number, on: (i: number) => FastifyInstance, who: SignedIn): Promise<number> {
    let ok = 0;
    for (let i = 0; i < calls; i += 1) {
      const answer = await me(on(i), who);
      if (answer.statusCode === 200) ok += 1;
      else expect(answer.statusCode).toBe(429);
    }
    return ok;
  }

  it("is exact on one replica", async () => {
    expect(localAllowance(limit) - 1).toBe(slack);
    const bob = await signUp(setup, "client");
    expect(await admitted(limit + 10, () => replicas[0]!, bob)).toBe(limit);
  });

  it("holds across two replicas within one replica's local allowance each", async () => {
    const cat = await signUp(setup, "freelancer");
    const ok = await admitted(limit + 40, (i) => replicas[i % 2]!, cat);
    expect(ok).toBeGreaterThanOrEqual(limit);
    expect(ok).toBeLessThanOrEqual(limit + 2 * slack);
  });

  it("sends what was admitted locally to Redis within the flush period", async () => {
    const redis = replicas[0]!.redis;
    const counters = new SharedCounters(redis, { flushMs: 50 });
    const key = `${namespace}flush`;
    const add = (): Promise<number> =>
      new Promise((resolve, reject) =>
        counters.add(key, 60_000, 1000, (error, counted) =>
          error || !counted ? reject(error ?? new Error("no count")) : resolve(counted.current),
        ),
      );
    const seen = [];
    for (let i = 0; i < 5; i += 1) seen.push(await add());
    expect(seen).toEqual([1, 2, 3, 4, 5]);
    // Only the first went to Redis before it was answered; the flush sends the other four.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await redis.get(key)).toBe("5");
    await counters.close();
  });
});
