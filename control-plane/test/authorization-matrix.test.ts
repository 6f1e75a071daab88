// The authorization matrix: every route the app serves, and what each kind of caller gets from it.
//
// Routes are read from the running app (printRoutes, checked against hasRoute and the OpenAPI document), so a
// route added without an entry here fails this file, and so does an entry whose route is gone.
//
// FORMAT — one entry per route, keyed "METHOD /pattern" exactly as Fastify registered it:
//
//   "GET /v1/contracts/:contractId": {
//     // A request that succeeds for a caller who is allowed. Called once per caller, after the caller's
//     // Authorization header is set; `call.params` holds the object's path parameters (see `object`).
//     request: (call) => ({ url: `/v1/contracts/${call.params.contractId}` }),
//     expect: { anonymous: 401, freelancer: "ok", client: "ok", admin: "ok", auditor: 403, service: 403 },
//     // Required for every route with path parameters (:id): the object the route acts on.
//     object: {
//       // A fresh object per request (a DELETE must not starve the next caller), whose participants are
//       // ctx.users.freelancer and ctx.users.client. Returns the path parameters.
//       create: async (ctx) => ({ contractId: await createContract(ctx, ...) }),
//       // A signed-in user with the role that would be allowed, who is not a participant. 404, not 403: a
//       // stranger must not learn that the object exists (SKP_NOT_FOUND, see errors/skp-error.ts).
//       stranger: { role: "client", expect: 404 },
//     },
//   },
//
// Callers: anonymous (no credentials), freelancer, client, admin, auditor (a signed-in user holding only that
// role), service (the internal token). Outcomes: "ok" is any 2xx, "redirect" any 3xx; 401, 403 and 404 are
// asserted exactly,
// with problem+json and SKP_UNAUTHENTICATED, SKP_FORBIDDEN or SKP_NOT_FOUND. HEAD routes Fastify adds for GET
// routes are checked against the GET entry (status only: HEAD has no body).
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { notFound } from "../src/errors/index.js";
import { buildApp } from "../src/index.js";
import { internalToken, testConfig } from "./app-harness.js";
import {
  anyUser,
  auditors,
  callers,
  everyone,
  get,
  servicesOnly,
  type Call,
  type Caller,
  type Entry,
  type MatrixContext,
  type Outcome,
} from "./matrix/matrix-types.js";
import { accountSettingsMatrix } from "./matrix/account-settings.js";
import { marketplaceMatrix } from "./matrix/marketplace.js";
import { moneyMatrix } from "./matrix/money.js";
import {
  entryFor,
  missingEntries,
  routesOf,
  staleEntries,
  withoutObject,
  type RouteKey,
} from "./matrix/route-coverage.js";
import { dropNamespaces } from "./workspaces-fixtures.js";
import { startMoneyStack, type MoneyStack } from "./money-stack.js";
import {
  dropKeysUnder,
  password,
  rateLimitNamespace,
  registerAccount,
  signUp,
  type SignedIn,
} from "./callers.js";

async function loginRequest(call: Call): Promise<InjectOptions> {
  const account = await registerAccount(call.ctx.app, "client");
  return { method: "POST", url: "/v1/auth/login", payload: { email: account.email, password } };
}

async function refreshRequest(call: Call): Promise<InjectOptions> {
  const session = await signUp(call.ctx.app, "freelancer");
  return { method: "POST", url: "/v1/auth/refresh", cookies: { skp_refresh: session.refreshToken } };
}

const matrix: Record<string, Entry> = {
  "GET /healthz": { request: get("/healthz"), expect: everyone },
  "GET /readyz": { request: get("/readyz"), expect: everyone },
  "GET /metrics": { request: get("/metrics"), expect: everyone },
  "GET /.well-known/jwks.json": { request: get("/.well-known/jwks.json"), expect: everyone },
  "GET /docs": { request: get("/docs"), expect: everyone },
  "GET /docs/": { request: get("/docs/"), expect: everyone },
  "GET /docs/json": { request: get("/docs/json"), expect: everyone },
  "GET /docs/yaml": { request: get("/docs/yaml"), expect: everyone },
  "GET /docs/openapi.json": { request: get("/docs/openapi.json"), expect: everyone },
  // swagger-ui sends the UI's own index to /docs/.
  "GET /docs/static/index.html": {
    request: get("/docs/static/index.html"),
    expect: {
      anonymous: "redirect",
      freelancer: "redirect",
      client: "redirect",
      admin: "redirect",
      auditor: "redirect",
      service: "redirect",
    },
  },
  "GET /docs/static/swagger-initializer.js": {
    request: get("/docs/static/swagger-initializer.js"),
    expect: everyone,
  },
  "GET /docs/static/*": { request: get("/docs/static/swagger-ui.css"), expect: everyone },
  "HEAD /docs/static/*": {
    request: () => ({ method: "HEAD", url: "/docs/static/swagger-ui.css" }),
    expect: everyone,
  },
  // CORS preflight (@fastify/cors): answers before any credentials are looked at.
  "OPTIONS *": {
    request: () => ({
      method: "OPTIONS",
      url: "/v1/me",
      headers: { origin: "https://portal.skillpod.test", "access-control-request-method": "GET" },
    }),
    expect: everyone,
  },

  "POST /v1/auth/register": {
    request: () => ({
      method: "POST",
      url: "/v1/auth/register",
      payload: {
        email: `matrix-${randomUUID()}@callers.test`,
        password,
        accountType: "FREELANCER",
        displayName: "Matrix",
      },
    }),
    expect: everyone,
  },
  "POST /v1/auth/login": { request: loginRequest, expect: everyone },
  "POST /v1/auth/refresh": { request: refreshRequest, expect: everyone },
  "POST /v1/auth/logout": { request: () => ({ method: "POST", url: "/v1/auth/logout" }), expect: everyone },
  "GET /v1/me": { request: get("/v1/me"), expect: anyUser },

  "GET /v1/audit/events": { request: get("/v1/audit/events?limit=1"), expect: auditors },
  "GET /v1/audit/export": {
    request: get("/v1/audit/export?action=matrix.none&format=csv"),
    expect: auditors,
  },
  "GET /v1/audit/verify": { request: get("/v1/audit/verify"), expect: auditors },
  "GET /v1/audit/signing-key": { request: get("/v1/audit/signing-key"), expect: auditors },
  "POST /v1/internal/audit-events": {
    request: () => ({
      method: "POST",
      url: "/v1/internal/audit-events",
      payload: { actorType: "system", action: "matrix.check", outcome: "success" },
    }),
    expect: servicesOnly,
  },
  ...accountSettingsMatrix,
  ...marketplaceMatrix,
  ...moneyMatrix,
};

// ---------------------------------------------------------------------------------------------------------
// The runner.

const problemCodes: Record<number, string> = {
  401: "SKP_UNAUTHENTICATED",
  403: "SKP_FORBIDDEN",
  404: "SKP_NOT_FOUND",
  409: "SKP_CONTRACT_INVALID_STATE",
};

/** What went wrong, or undefined when the response is the expected outcome. */
function mismatch(response: LightMyRequestResponse, expected: Outcome, method: string): string | undefined {
  const got = `${response.statusCode} ${response.body.slice(0, 200)}`;
  const family = Math.floor(response.statusCode / 100);
  if (expected === "ok") return family === 2 ? undefined : `expected 2xx, got ${got}`;
  if (expected === "redirect") return family === 3 ? undefined : `expected 3xx, got ${got}`;
  if (response.statusCode !== expected) return `expected ${expected}, got ${got}`;
  if (method === "HEAD") return undefined;
  if (!/^application\/problem\+json/.test(String(response.headers["content-type"])))
    return `expected problem+json, got ${String(response.headers["content-type"])}`;
  const code = response.json<{ code?: string }>().code;
  return code === problemCodes[expected] ? undefined : `expected ${problemCodes[expected]}, got ${code}`;
}

type Credentials = {
  caller: Caller | "stranger";
  user: SignedIn | undefined;
  headers: Record<string, string>;
};

function credentialsOf(caller: Caller, ctx: MatrixContext): Credentials {
  if (caller === "anonymous") return { caller, user: undefined, headers: {} };
  if (caller === "service")
    return { caller, user: undefined, headers: { authorization: `Bearer ${internalToken}` } };
  const user = ctx.users[caller];
  return { caller, user, headers: user.headers };
}

async function send(
  route: RouteKey,
  entry: Entry,
  who: Credentials,
  ctx: MatrixContext,
): Promise<LightMyRequestResponse> {
  const params = entry.object ? await entry.object.create(ctx) : {};
  const options = await entry.request({ caller: who.caller, user: who.user, params, ctx });
  const headers = { ...who.headers, ...(options.headers as Record<string, string> | undefined) };
  return ctx.app.inject({ ...options, method: route.method as InjectOptions["method"], headers });
}

/** Every route × caller (and stranger), collecting every mismatch rather than stopping at the first. */
async function runMatrix(ctx: MatrixContext, table: Record<string, Entry>): Promise<string[]> {
  const failures: string[] = [];
  for (const route of routesOf(ctx.app)) {
    const entry = entryFor(route, table);
    if (!entry) continue;
    for (const caller of callers) {
      const response = await send(route, entry, credentialsOf(caller, ctx), ctx);
      const wrong = mismatch(response, entry.expect[caller], route.method);
      if (wrong) failures.push(`${route.key} as ${caller}: ${wrong}`);
    }
    if (!entry.object) continue;
    const stranger = await ctx.fresh(entry.object.stranger.role);
    const who = { caller: "stranger" as const, user: stranger, headers: stranger.headers };
    const wrong = mismatch(await send(route, entry, who, ctx), entry.object.stranger.expect, route.method);
    if (wrong) failures.push(`${route.key} as a ${entry.object.stranger.role} stranger: ${wrong}`);
  }
  return failures;
}

async function contextFor(app: FastifyInstance): Promise<MatrixContext> {
  const [freelancer, client, admin, auditor] = await Promise.all([
    signUp(app, "freelancer"),
    signUp(app, "client"),
    signUp(app, "admin"),
    signUp(app, "auditor"),
  ]);
  return { app, users: { freelancer, client, admin, auditor }, fresh: (role) => signUp(app, role) };
}

// ---------------------------------------------------------------------------------------------------------

const namespace = rateLimitNamespace("matrix");
const roomy = {
  RATE_LIMIT_NAMESPACE: namespace,
  RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
  RATE_LIMIT_DEFAULT_PER_MINUTE: "100000",
  RATE_LIMIT_AUTHENTICATED_PER_MINUTE: "100000",
  RATE_LIMIT_LOGIN_PER_MINUTE: "100000",
};

async function buildMatrixApp(extend?: (app: FastifyInstance) => void): Promise<FastifyInstance> {
  const app = await buildApp(testConfig(roomy));
  extend?.(app);
  await app.ready();
  return app;
}

// The real workers process and payment sandbox run beside the app, so a contract move or a deposit that an
// allowed caller makes really happens (2xx), rather than waiting on a workflow nobody runs.
let stack: MoneyStack;
let app: FastifyInstance;
let ctx: MatrixContext;
beforeAll(async () => {
  stack = await startMoneyStack({ appOverrides: roomy });
  app = stack.app;
  ctx = await contextFor(app);
});
afterAll(async () => {
  if (app) await dropKeysUnder(app.redis, namespace);
  // The workspaces rows' tenant namespace (a stack-wide operator would otherwise run its SkillPods on).
  await dropNamespaces();
  await stack?.close();
});

describe("the authorization matrix", () => {
  it("reads every route the app serves (the parse agrees with the router and with OpenAPI)", async () => {
    const routes = routesOf(app);
    expect(routes.length).toBeGreaterThan(20);
    for (const route of routes)
      if (route.url !== "*")
        expect(app.hasRoute({ method: route.method, url: route.url }), route.key).toBe(true);
    const spec = (await app.inject({ url: "/docs/openapi.json" })).json<{
      paths: Record<string, Record<string, unknown>>;
    }>();
    const keys = new Set(routes.map((route) => route.key));
    for (const [path, operations] of Object.entries(spec.paths))
      for (const method of Object.keys(operations))
        expect(keys, `${method} ${path}`).toContain(
          `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ":$1")}`,
        );
  });

  it("has an entry for every route, and no entry for a route that is gone", () => {
    const routes = routesOf(app);
    expect(missingEntries(routes, matrix), "routes without a matrix entry").toEqual([]);
    expect(staleEntries(routes, matrix), "matrix entries without a route").toEqual([]);
    expect(withoutObject(routes, matrix), "per-object routes without object/stranger").toEqual([]);
  });

  // Every route × six callers and a stranger, each with a fresh object (contracts driven to the state a move
  // needs through the real workers): minutes, not seconds.
  it("gives every caller exactly the expected outcome on every route", { timeout: 900_000 }, async () => {
    expect(await runMatrix(ctx, matrix)).toEqual([]);
  });
});

describe("the matrix machinery, on fixture routes", () => {
  // A per-object route as later issues will add them: participants and admins see the note; anyone else
  // signed in gets the same 404 as for a note that does not exist.
  const notes = new Map<string, string[]>();
  const noteRoute = "GET /v1/test-fixtures/notes/:noteId";
  const noteEntry: Entry = {
    request: (call) => ({ url: `/v1/test-fixtures/notes/${call.params.noteId}` }),
    expect: { ...anyUser, auditor: 404 },
    object: {
      create: (c) => {
        const noteId = randomUUID();
        notes.set(noteId, [c.users.freelancer.userId, c.users.client.userId]);
        return Promise.resolve({ noteId });
      },
      stranger: { role: "client", expect: 404 },
    },
  };
  let fixtures: FastifyInstance;
  let fixtureCtx: MatrixContext;

  beforeAll(async () => {
    fixtures = await buildMatrixApp((on) => {
      on.get<{ Params: { noteId: string } }>(
        "/v1/test-fixtures/notes/:noteId",
        { config: { access: { roles: "any" } } },
        (request) => {
          const principal = request.principal;
          const userId = principal?.kind === "user" ? principal.userId : "";
          const admin = principal?.kind === "user" && principal.roles.includes("admin");
          const participants = notes.get(request.params.noteId) ?? [];
          if (!admin && !participants.includes(userId)) throw notFound("Note");
          return Promise.resolve({ id: request.params.noteId });
        },
      );
    });
    fixtureCtx = await contextFor(fixtures);
  });
  afterAll(async () => fixtures?.close());

  it("fails a route that has no entry, and a per-object entry without its stranger", () => {
    const routes = routesOf(fixtures);
    expect(missingEntries(routes, matrix)).toEqual([noteRoute, `HEAD /v1/test-fixtures/notes/:noteId`]);
    const withoutStranger: Entry = { request: noteEntry.request, expect: noteEntry.expect };
    expect(withoutObject(routes, { ...matrix, [noteRoute]: withoutStranger })).toEqual([
      noteRoute,
      `HEAD /v1/test-fixtures/notes/:noteId`,
    ]);
    expect(staleEntries(routesOf(app), { ...matrix, [noteRoute]: noteEntry })).toEqual([noteRoute]);
  });

  it("checks participants, strangers and the rest, and reports a stranger who gets in", async () => {
    const only = { [noteRoute]: noteEntry };
    expect(await runMatrix(fixtureCtx, only)).toEqual([]);
    // The same route wrongly expected to hide the note from its participant, and to show it to a stranger.
    const wrong: Entry = {
      ...noteEntry,
      expect: { ...noteEntry.expect, client: 404 },
      object: { create: noteEntry.object!.create, stranger: { role: "client", expect: "ok" } },
    };
    const failures = await runMatrix(fixtureCtx, { [noteRoute]: wrong });
    expect(failures).toEqual([
      expect.stringMatching(/^GET \/v1\/test-fixtures\/notes\/:noteId as client: expected 404, got 200/),
      expect.stringMatching(/as a client stranger: expected 2xx, got 404 .*SKP_NOT_FOUND/),
      expect.stringMatching(/^HEAD .* as client: expected 404, got 200/),
      expect.stringMatching(/^HEAD .* as a client stranger: expected 2xx, got 404/),
    ]);
  });
});
