// 5xx answers say nothing about internals: whatever failed (the database unreachable, a query error, a bug),
// the body is the fixed SKP_INTERNAL problem with the request id for support, and no message, stack, SQL,
// host, port, credential or file path reaches the client. The detail goes to the log instead.
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/index.js";
import { internalToken, testConfig } from "./app-harness.js";
import { dropKeysUnder, password, rateLimitNamespace } from "./callers.js";

const namespace = rateLimitNamespace("internal-errors");
const roomy = {
  RATE_LIMIT_NAMESPACE: namespace,
  RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
  RATE_LIMIT_LOGIN_PER_MINUTE: "100000",
};
// Port 9 (discard) on loopback: nothing listens, so every query fails to connect. The credentials and names
// are distinctive so that a leak of the connection string would show.
const unreachable = "postgresql://leaky_role:hunter2-db-secret@127.0.0.9:9/leaky_database";

const problemKeys = ["code", "detail", "instance", "requestId", "status", "title", "type"];
const leaks: [string, RegExp][] = [
  ["a stack trace", /\bat .+[(:]\d+|stack/i],
  ["SQL", /\b(select|insert|update|delete)\b .+\b(from|into|set)\b|relation "|syntax error/i],
  ["the database", /prisma|postgres|pg_|driver|adapter|ECONNREFUSED|connect/i],
  ["an address", /127\.0\.0\.\d|10\.0\.0\.\d|localhost|:5432|:8443/],
  ["a credential or name", /leaky|hunter2|skillpod_app|password/i],
  ["a file path", /\/work\/|node_modules|\.ts\b|\.js\b/],
  ["an error message", /fixture|kaboom|no_such_table/i],
];

function expectOpaque500(response: LightMyRequestResponse, what: string): void {
  expect(response.statusCode, `${what}: ${response.body}`).toBe(500);
  expect(response.headers["content-type"], what).toMatch(/^application\/problem\+json/);
  const body = response.json<Record<string, unknown>>();
  expect(Object.keys(body).sort(), what).toEqual(problemKeys);
  expect(body, what).toMatchObject({
    type: "https://skillpod.dev/problems/internal",
    title: "Internal Server Error",
    status: 500,
    code: "SKP_INTERNAL",
    detail: "An unexpected error occurred",
    requestId: response.headers["x-request-id"],
  });
  // The request id and the route are the only variable parts: take them out, then look for anything else.
  const rest = response.body.replaceAll(String(body.requestId), "").replaceAll(String(body.instance), "");
  for (const [name, pattern] of leaks) expect(rest, `${what} leaks ${name}: ${rest}`).not.toMatch(pattern);
  const headers = JSON.stringify(response.headers);
  expect(headers, what).not.toMatch(/leaky|hunter2|prisma|x-powered-by/i);
}

describe("with the database unreachable", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(testConfig({ ...roomy, APP_DATABASE_URL: unreachable }));
    await app.ready();
  });
  afterAll(async () => {
    if (app) await dropKeysUnder(app.redis, namespace);
    await app?.close();
  });

  const token = async (roles: string[]): Promise<Record<string, string>> => {
    const issued = await app.accessTokens.issue({ userId: randomUUID(), email: "x@callers.test", roles });
    return { authorization: `Bearer ${issued.accessToken}` };
  };

  it("answers /v1/me with a valid token with an opaque 500", async () => {
    expectOpaque500(await app.inject({ url: "/v1/me", headers: await token(["freelancer"]) }), "/v1/me");
  });

  it("answers sign-in, sign-up and refresh with an opaque 500, and keeps the refresh cookie", async () => {
    const email = `down-${randomUUID()}@callers.test`;
    const login = await app.inject({
      method: "POST",
      url: "/v1/auth/login",
      payload: { email, password },
    });
    expectOpaque500(login, "login");
    const register = await app.inject({
      method: "POST",
      url: "/v1/auth/register",
      payload: { email, password, accountType: "CLIENT", displayName: "Down" },
    });
    expectOpaque500(register, "register");
    const refresh = await app.inject({
      method: "POST",
      url: "/v1/auth/refresh",
      cookies: { skp_refresh: "A".repeat(43) },
    });
    expectOpaque500(refresh, "refresh");
    // An outage says nothing about the token: the client must not be signed out by it.
    expect(refresh.headers["set-cookie"]).toBeUndefined();
  });

  it("answers the audit routes with an opaque 500", async () => {
    const admin = await token(["admin"]);
    expectOpaque500(await app.inject({ url: "/v1/audit/events", headers: admin }), "audit events");
    expectOpaque500(await app.inject({ url: "/v1/audit/verify", headers: admin }), "audit verify");
    const posted = await app.inject({
      method: "POST",
      url: "/v1/internal/audit-events",
      headers: { authorization: `Bearer ${internalToken}` },
      payload: { actorType: "system", action: "internal-errors.test", outcome: "success" },
    });
    expectOpaque500(posted, "internal audit event");
  });
});

describe("with a failing handler", () => {
  let app: FastifyInstance;
  beforeAll(async () => {
    app = await buildApp(testConfig(roomy));
    const config = { access: { public: true as const }, rateLimit: false as const };
    app.get("/v1/test-fixtures/kaboom", { config }, () => {
      throw new Error(
        "fixture: SELECT password_hash FROM users WHERE email = 'ann@x.io' failed at 10.0.0.5:5432",
      );
    });
    app.get("/v1/test-fixtures/bad-gateway", { config }, () => {
      throw Object.assign(new Error("fixture: upstream kaboom at https://10.0.0.7:8443/internal"), {
        statusCode: 502,
      });
    });
    app.get("/v1/test-fixtures/not-an-error", { config }, () => {
      // A library that throws a bare string must still end in the same opaque 500.
      // eslint-disable-next-line @typescript-eslint/only-throw-error
      throw "fixture: kaboom in /work/main/control-plane/src/thing.ts:12";
    });
    app.get("/v1/test-fixtures/sql", { config }, async () =>
      app.prisma.$queryRawUnsafe("SELECT * FROM no_such_table"),
    );
    await app.ready();
  });
  afterAll(async () => {
    if (app) await dropKeysUnder(app.redis, namespace);
    await app?.close();
  });

  it("hides the thrown message, a 5xx status's message and a real SQL error alike", async () => {
    for (const url of [
      "/v1/test-fixtures/kaboom",
      "/v1/test-fixtures/bad-gateway",
      "/v1/test-fixtures/not-an-error",
      "/v1/test-fixtures/sql",
    ])
      expectOpaque500(await app.inject({ url }), url);
  });
});
