// Rate limits against the real Redis: per IP on public routes, per user once signed in, the stricter login
// limit, the headers and problem+json of a 429, and platform services exempt. The app counts in a Redis
// namespace of its own (RATE_LIMIT_NAMESPACE), so other files, runs and engineers sharing the stack neither
// see nor spend its budgets; each test also calls from its own address.
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { generateKeyPairSync, randomBytes, randomInt } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadControlPlaneConfig } from "../src/index.js";
import { buildTestApp, internalToken } from "./app-harness.js";
import {
  dropKeysUnder,
  keysUnder,
  password,
  rateLimitNamespace,
  registerAccount,
  signIn,
  uniqueEmail,
  type SignedIn,
} from "./callers.js";

const limits = { PUBLIC: 3, DEFAULT: 5, AUTHENTICATED: 7, LOGIN: 2 };
const namespace = rateLimitNamespace("limits");
// One signing key for both apps below, so tokens issued by the setup app are valid on the limited one.
const JWT_PRIVATE_KEY = generateKeyPairSync("ed25519")
  .privateKey.export({ type: "pkcs8", format: "pem" })
  .toString();

let app: FastifyInstance;
let ann: SignedIn;
let bob: SignedIn;

/** A documentation-range address (TEST-NET-3) no other test uses: a fresh per-IP budget. */
const freshAddress = (): string => `203.0.113.${randomInt(1, 255)}`;
const addresses = new Set<string>();
function uniqueAddress(): string {
  let address = freshAddress();
  while (addresses.has(address)) address = freshAddress();
  addresses.add(address);
  return address;
}

beforeAll(async () => {
  // Accounts are made on a roomy app (sharing nothing with the limited one), so setting up does not spend
  // the budgets under test.
  const setup = await buildTestApp({
    JWT_PRIVATE_KEY,
    RATE_LIMIT_NAMESPACE: `${namespace}setup:`,
    RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
    RATE_LIMIT_LOGIN_PER_MINUTE: "100000",
  });
  try {
    const [a, b] = await Promise.all([
      registerAccount(setup, "freelancer"),
      registerAccount(setup, "client"),
    ]);
    [ann, bob] = await Promise.all([signIn(setup, a, "freelancer"), signIn(setup, b, "client")]);
  } finally {
    await dropKeysUnder(setup.redis, `${namespace}setup:`);
    await setup.close();
  }
  app = await buildTestApp({
    JWT_PRIVATE_KEY,
    RATE_LIMIT_NAMESPACE: namespace,
    RATE_LIMIT_PUBLIC_PER_MINUTE: String(limits.PUBLIC),
    RATE_LIMIT_DEFAULT_PER_MINUTE: String(limits.DEFAULT),
    RATE_LIMIT_AUTHENTICATED_PER_MINUTE: String(limits.AUTHENTICATED),
    RATE_LIMIT_LOGIN_PER_MINUTE: String(limits.LOGIN),
  });
});

afterAll(async () => {
  if (app) await dropKeysUnder(app.redis, namespace);
  await app?.close();
});

function from(address: string, options: InjectOptions): Promise<LightMyRequestResponse> {
  return app.inject({ ...options, remoteAddress: address });
}

const logout: InjectOptions = { method: "POST", url: "/v1/auth/logout" };
const me = (who: SignedIn): InjectOptions => ({ url: "/v1/me", headers: who.headers });

/** The allowed response's draft-spec headers: the limit, what is left, and seconds until the window resets. */
function expectBudget(response: LightMyRequestResponse, limit: number, remaining: number): void {
  expect(response.statusCode, response.body).toBeLessThan(400);
  expect(response.headers["ratelimit-limit"]).toBe(String(limit));
  expect(response.headers["ratelimit-remaining"]).toBe(String(remaining));
  const reset = Number(response.headers["ratelimit-reset"]);
  expect(reset).toBeGreaterThan(0);
  expect(reset).toBeLessThanOrEqual(60);
}

function expectThrottled(response: LightMyRequestResponse, limit: number): void {
  expect(response.statusCode, response.body).toBe(429);
  expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
  expect(response.json()).toMatchObject({
    status: 429,
    title: "Too Many Requests",
    code: "SKP_RATE_LIMITED",
    type: "https://skillpod.dev/problems/rate-limited",
    detail: "Too many requests; retry later",
  });
  const retryAfter = Number(response.headers["retry-after"]);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(response.headers["ratelimit-limit"]).toBe(String(limit));
  expect(response.headers["ratelimit-remaining"]).toBe("0");
  expect(response.headers["ratelimit-reset"]).toBe(String(retryAfter));
}

describe("public routes", () => {
  it("allow 3 requests a minute per IP, then answer 429 problem+json with Retry-After", async () => {
    const address = uniqueAddress();
    for (const remaining of [2, 1, 0]) expectBudget(await from(address, logout), limits.PUBLIC, remaining);
    expectThrottled(await from(address, logout), limits.PUBLIC);
    expectThrottled(await from(address, logout), limits.PUBLIC);
    // The plugin sends one header family, the draft spec's; nothing else claims to describe the limit.
    const allowed = await from(uniqueAddress(), logout);
    expect(Object.keys(allowed.headers).filter((h) => h.startsWith("x-ratelimit"))).toEqual([]);
  });

  it("share one budget per IP across the public routes, and leave other addresses alone", async () => {
    const address = uniqueAddress();
    const register = (): InjectOptions => ({
      method: "POST",
      url: "/v1/auth/register",
      payload: { email: uniqueEmail("limits"), password, accountType: "CLIENT", displayName: "Limits" },
    });
    expect((await from(address, logout)).statusCode).toBe(204);
    expect((await from(address, { method: "POST", url: "/v1/auth/refresh" })).statusCode).toBe(401);
    expect((await from(address, register())).statusCode).toBe(201);
    expectThrottled(await from(address, register()), limits.PUBLIC);
    expect((await from(uniqueAddress(), logout)).statusCode).toBe(204);
  });

  it("never throttle health, readiness, metrics or the JWKS", async () => {
    const address = uniqueAddress();
    for (let i = 0; i <= limits.PUBLIC; i += 1) await from(address, logout);
    for (const url of ["/healthz", "/metrics", "/.well-known/jwks.json", "/healthz", "/metrics"]) {
      const response = await from(address, { url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers["ratelimit-limit"], url).toBeUndefined();
    }
  });
});

describe("signed-in users", () => {
  it("are counted per user: two users behind one IP have separate budgets of 7", async () => {
    const address = uniqueAddress();
    for (let remaining = limits.AUTHENTICATED - 1; remaining >= 0; remaining -= 1)
      expectBudget(await from(address, me(ann)), limits.AUTHENTICATED, remaining);
    expectThrottled(await from(address, me(ann)), limits.AUTHENTICATED);
    // Bob, from the same address, has all of his.
    expectBudget(await from(address, me(bob)), limits.AUTHENTICATED, limits.AUTHENTICATED - 1);
    // Ann's budget follows her, not the address.
    expectThrottled(await from(uniqueAddress(), me(ann)), limits.AUTHENTICATED);
    // …and a spent IP budget does not hold back the signed-in: their requests count against them.
    const spent = uniqueAddress();
    for (let i = 0; i <= limits.PUBLIC; i += 1) await from(spent, logout);
    expectThrottled(await from(spent, logout), limits.PUBLIC);
    expectBudget(await from(spent, me(bob)), limits.AUTHENTICATED, limits.AUTHENTICATED - 2);
  });

  it("keep user budgets in Redis under the configured namespace, keyed by id, never by email", async () => {
    const keys = await keysUnder(app.redis, namespace);
    expect(keys).toEqual(expect.arrayContaining([`${namespace}user:${ann.userId}`]));
    expect(keys.some((key) => key.startsWith(`${namespace}ip:203.0.113.`))).toBe(true);
    expect(keys.filter((key) => key.includes("@"))).toEqual([]);
    expect(await keysUnder(app.redis, `skillpod:rate-limit:user:${ann.userId}`)).toEqual([]);
  });
});

describe("sign-in", () => {
  const login = (email: string): InjectOptions => ({
    method: "POST",
    url: "/v1/auth/login",
    payload: { email, password: `${password}!` },
  });

  it("has its stricter limit of 2 per IP and account, below the public 3", async () => {
    const address = uniqueAddress();
    const email = uniqueEmail("limits");
    for (const remaining of [1, 0]) {
      const attempt = await from(address, login(email));
      expect(attempt.json()).toMatchObject({ code: "SKP_INVALID_CREDENTIALS" });
      expect(attempt.headers["ratelimit-limit"]).toBe(String(limits.LOGIN));
      expect(attempt.headers["ratelimit-remaining"]).toBe(String(remaining));
    }
    expectThrottled(await from(address, login(email)), limits.LOGIN);
    // Another account from that address has its own.
    expect((await from(address, login(uniqueEmail("limits")))).statusCode).toBe(401);
  });
});

describe("platform services (the internal token)", () => {
  const service = { authorization: `Bearer ${internalToken}` };
  const event = (i: number): InjectOptions => ({
    method: "POST",
    url: "/v1/internal/audit-events",
    headers: service,
    payload: { actorType: "system", action: "rate-limits.test", outcome: "success", details: { i } },
  });

  it("are not throttled on internal routes, beyond the default limit of 5 per IP", async () => {
    const address = uniqueAddress();
    for (let i = 0; i < limits.DEFAULT * 2; i += 1) {
      const response = await from(address, event(i));
      expect(response.statusCode, response.body).toBe(201);
      expect(response.headers["ratelimit-limit"]).toBeUndefined();
    }
  });

  it("are not throttled on public routes either, and spend nothing of their address's budget", async () => {
    const address = uniqueAddress();
    for (let i = 0; i < limits.PUBLIC * 3; i += 1) {
      const response = await from(address, { ...logout, headers: service });
      expect(response.statusCode).toBe(204);
      expect(response.headers["ratelimit-limit"]).toBeUndefined();
    }
    // An anonymous caller behind the same address still has the whole public budget, and no more.
    expectBudget(await from(address, logout), limits.PUBLIC, limits.PUBLIC - 1);
    // A wrong token is no service: on a public route it is one more anonymous request.
    const forged = await from(address, { ...logout, headers: { authorization: "Bearer not-the-token" } });
    expectBudget(forged, limits.PUBLIC, limits.PUBLIC - 2);
  });
});

describe("sign-ins and registrations per address, across accounts (credential stuffing, ASVS 2.2.1)", () => {
  // The public and per-account limits out of the way, so what throttles is the cross-account cap, at its
  // default of 20 a minute (the test harness raises it for other tests). Two apps share Redis and the
  // namespace: replicas of one deployment.
  const capNamespace = rateLimitNamespace("sign-in-cap");
  const cap = 20;
  const roomy = {
    JWT_PRIVATE_KEY,
    RATE_LIMIT_NAMESPACE: capNamespace,
    RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
    RATE_LIMIT_LOGIN_PER_MINUTE: "100000",
    RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE: String(cap),
  };
  let replicas: [FastifyInstance, FastifyInstance];

  beforeAll(async () => {
    replicas = [await buildTestApp(roomy), await buildTestApp(roomy)];
  });

  afterAll(async () => {
    if (replicas) await dropKeysUnder(replicas[0].redis, capNamespace);
    await Promise.all(replicas?.map((replica) => replica.close()) ?? []);
  });

  const stuff = (replica: FastifyInstance, address: string): Promise<LightMyRequestResponse> =>
    replica.inject({
      method: "POST",
      url: "/v1/auth/login",
      payload: { email: uniqueEmail("stuffing"), password },
      remoteAddress: address,
    });
  const signUpFrom = (replica: FastifyInstance, address: string): Promise<LightMyRequestResponse> =>
    replica.inject({
      method: "POST",
      url: "/v1/auth/register",
      payload: { email: uniqueEmail("stuffing"), password, accountType: "CLIENT", displayName: "Stuffing" },
      remoteAddress: address,
    });

  it("is 20 a minute unless configured", () => {
    const config = loadControlPlaneConfig({
      APP_DATABASE_URL: "postgresql://app@127.0.0.1/app",
      REDIS_URL: "redis://127.0.0.1",
      TEMPORAL_ADDRESS: "127.0.0.1:7233",
      MFA_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
      INTERNAL_API_TOKEN: "x".repeat(32),
    });
    expect(config.RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE).toBe(cap);
  });

  it("answers 429 after 20 sign-ins with 20 different emails from one address, on every replica", async () => {
    const address = uniqueAddress();
    const statuses: number[] = [];
    for (let i = 0; i < 40; i += 1) {
      const response = await stuff(replicas[i % 2]!, address);
      statuses.push(response.statusCode);
      if (i === cap) {
        expectThrottled(response, cap);
        expect(response.json()).toMatchObject({ retryAfter: Number(response.headers["retry-after"]) });
      }
    }
    expect(statuses).toEqual([...Array<number>(cap).fill(401), ...Array<number>(40 - cap).fill(429)]);
    // Counted in Redis under the rate limits' namespace, one counter per address.
    expect(await replicas[0].redis.get(`${capNamespace}sign-in:ip:${address}`)).toBe("40");
  });

  it("leaves other addresses alone", async () => {
    const address = uniqueAddress();
    for (let i = 0; i <= cap; i += 1) await stuff(replicas[0], address);
    expectThrottled(await stuff(replicas[1], address), cap);
    const elsewhere = await stuff(replicas[1], uniqueAddress());
    expect(elsewhere.statusCode, elsewhere.body).toBe(401);
  });

  it("counts registrations too, in the same budget as sign-ins", async () => {
    const address = uniqueAddress();
    for (let i = 0; i < cap; i += 1) {
      const response = await signUpFrom(replicas[i % 2]!, address);
      expect(response.statusCode, response.body).toBe(201);
    }
    expectThrottled(await signUpFrom(replicas[0], address), cap);
    expectThrottled(await stuff(replicas[1], address), cap);
    const mixed = uniqueAddress();
    for (let i = 0; i < cap / 2; i += 1) {
      expect((await stuff(replicas[0], mixed)).statusCode).toBe(401);
      expect((await signUpFrom(replicas[1], mixed)).statusCode).toBe(201);
    }
    expectThrottled(await signUpFrom(replicas[0], mixed), cap);
  });
});
