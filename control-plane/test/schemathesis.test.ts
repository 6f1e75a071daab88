// The OpenAPI document against the running API: first what the document must say (every response a route can
// give, errors as application/problem+json through one shared schema, the real content type of a success),
// then schemathesis (PyPI, pinned in test/schemathesis/requirements.txt, installed by `make deps`) with ALL of
// its checks, over every operation: anonymously, as a client, a freelancer, an admin and a platform service,
// each on the operations it may call. Any failure fails the test with schemathesis' own report. The app runs
// on a loopback port with rate limits raised (429s would hide the answers) and a database of its own, since
// schemathesis posts jobs, proposals and accounts by the hundred.
//
// Random inputs each run (schemathesis prints the seed; `st run … --seed N` replays it). SCHEMATHESIS_EXAMPLES
// raises the examples per operation for a deeper local hunt (default 10, about three minutes in all).
import type { FastifyInstance } from "fastify";
import { spawn } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RouteAccess } from "../src/access.js";
import { buildApp } from "../src/index.js";
import { createMigratedDatabase, dropDatabase, type ScratchDatabase } from "./audit-database.js";
import { internalToken, testConfig } from "./app-harness.js";
import { dropKeysUnder, rateLimitNamespace, signUp, type SignedIn } from "./callers.js";

const here = fileURLToPath(new URL("./schemathesis/", import.meta.url));
const requirements = readFileSync(join(here, "requirements.txt"), "utf8");
const version = /^schemathesis==(\S+)$/m.exec(requirements)?.[1] ?? "unknown";
const st = join(homedir(), ".cache/skillpod/venv", `schemathesis-${version}`, "bin/st");
const examples = Number(process.env.SCHEMATHESIS_EXAMPLES ?? 10);

type Response = { description?: string; content?: Record<string, { schema?: unknown }>; headers?: object };
type Operation = {
  "x-access"?: RouteAccess;
  parameters?: { in: string }[];
  requestBody?: unknown;
  responses: Record<string, Response>;
};
type OpenApi = {
  paths: Record<string, Record<string, Operation>>;
  components?: { schemas?: Record<string, unknown> };
};
type Op = { name: string; method: string; path: string; operation: Operation };

const problemContent = { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } };

const namespace = rateLimitNamespace("schemathesis");
let database: ScratchDatabase;
let app: FastifyInstance;
let url: string;
let document: OpenApi;
let ops: Op[];
let users: { freelancer: SignedIn; client: SignedIn; admin: SignedIn };

beforeAll(async () => {
  database = await createMigratedDatabase();
  const unlimited = "1000000";
  app = await buildApp(
    testConfig({
      APP_DATABASE_URL: database.appUrl,
      AUDIT_SIGNING_KEY: generateKeyPairSync("ed25519")
        .privateKey.export({ type: "pkcs8", format: "pem" })
        .toString(),
      RATE_LIMIT_NAMESPACE: namespace,
      RATE_LIMIT_PUBLIC_PER_MINUTE: unlimited,
      RATE_LIMIT_DEFAULT_PER_MINUTE: unlimited,
      RATE_LIMIT_AUTHENTICATED_PER_MINUTE: unlimited,
      RATE_LIMIT_LOGIN_PER_MINUTE: unlimited,
      RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE: unlimited,
    }),
  );
  url = await app.listen({ host: "127.0.0.1", port: 0 });
  const [freelancer, client, admin] = await Promise.all([
    signUp(app, "freelancer", database.ownerUrl),
    signUp(app, "client", database.ownerUrl),
    signUp(app, "admin", database.ownerUrl),
  ]);
  users = { freelancer, client, admin };
  document = (await app.inject({ url: "/docs/openapi.json" })).json<OpenApi>();
  ops = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({
      name: `${method.toUpperCase()} ${path}`,
      method: method.toUpperCase(),
      path,
      operation,
    })),
  );
});

afterAll(async () => {
  if (app) await dropKeysUnder(app.redis, namespace);
  await app?.close();
  if (database) await dropDatabase(database);
});

/** The error statuses every operation of this shape must declare. */
function expectedErrors(op: Op): string[] {
  const access = op.operation["x-access"];
  const inputs = (op.operation.parameters?.length ?? 0) > 0 || op.operation.requestBody !== undefined;
  const writes = ["POST", "PUT", "PATCH", "DELETE"].includes(op.method);
  return [
    "405",
    "500",
    "503",
    ...(inputs || writes ? ["400"] : []),
    ...(access && !("public" in access) ? ["401", "403"] : []),
    ...(op.path.includes("{") ? ["404"] : []),
    // Health, readiness and the JWKS are never throttled.
    ...(op.path.startsWith("/v1/") ? ["429"] : []),
  ];
}

describe("the OpenAPI document", () => {
  it("declares every operation's access, a success response, and the errors its shape can give", () => {
    const problems = ops.flatMap((op) => {
      const declared = Object.keys(op.operation.responses);
      const missing = expectedErrors(op).filter((status) => !declared.includes(status));
      return [
        ...(op.operation["x-access"] ? [] : [`${op.name}: no x-access`]),
        ...(declared.some((status) => /^[23]/.test(status)) ? [] : [`${op.name}: no success response`]),
        ...(missing.length > 0 ? [`${op.name}: does not declare ${missing.join(", ")}`] : []),
      ];
    });
    expect(problems).toEqual([]);
  });

  it("gives every error one shared problem+json schema, referenced, never inline", () => {
    const shared = document.components?.schemas?.Problem as { type?: string; required?: string[] };
    expect(shared.type).toBe("object");
    expect(shared.required).toEqual(["type", "title", "status", "detail", "code", "instance", "requestId"]);
    const inline = ops.flatMap((op) =>
      Object.entries(op.operation.responses)
        // Readiness answers 503 with its report of each dependency, not with a problem.
        .filter(([status]) => /^[45]/.test(status) && !(op.path === "/readyz" && status === "503"))
        .filter(([, response]) => JSON.stringify(response.content) !== JSON.stringify(problemContent))
        .map(([status, response]) => `${op.name} ${status}: ${JSON.stringify(response.content)}`),
    );
    expect(inline).toEqual([]);
    expect(document.paths["/v1/auth/login"]?.post?.responses["429"]?.headers).toHaveProperty("retry-after");
  });

  it("declares a success's real content type: the audit export is NDJSON or CSV", () => {
    const exported = document.paths["/v1/audit/export"]?.get?.responses["200"]?.content ?? {};
    expect(Object.keys(exported).sort()).toEqual(["application/x-ndjson", "text/csv"]);
    expect(Object.keys(document.paths["/v1/me"]?.get?.responses["200"]?.content ?? {})).toEqual([
      "application/json",
    ]);
  });
});

describe("answers that follow the document", () => {
  it("answers an unsupported method on a known path with 405 and Allow, an unknown path with 404", async () => {
    for (const [method, path, allow] of [
      ["DELETE", "/v1/me", "GET, HEAD, PATCH"],
      ["PUT", "/v1/auth/login", "POST"],
      ["GET", "/v1/auth/login", "POST"],
      // QUERY carries a body: Fastify would ask for a Content-Type before routing, if 405 did not come first.
      ["QUERY", "/healthz", "GET, HEAD"],
    ] as const) {
      const response = await app.inject({ method, url: path });
      expect(response.statusCode, `${method} ${path}`).toBe(405);
      expect(response.headers.allow).toBe(allow);
      expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
      expect(response.json()).toMatchObject({ status: 405, code: "SKP_METHOD_NOT_ALLOWED", instance: path });
    }
    const unknown = await app.inject({ method: "DELETE", url: "/v1/no-such-thing" });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.headers.allow).toBeUndefined();
    expect(unknown.json()).toMatchObject({ code: "SKP_ROUTE_NOT_FOUND" });
  });

  it("serialises problem bodies through the shared schema with their extra members", async () => {
    const invalid = await app.inject({
      method: "POST",
      url: "/v1/auth/login",
      payload: { email: "not an email", password: "" },
    });
    expect(invalid.statusCode).toBe(400);
    expect(invalid.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(
      invalid
        .json<{ errors: { field: string }[] }>()
        .errors.map((e) => e.field)
        .sort(),
    ).toEqual(["email", "password"]);
  });

  it("validates JSON bodies without coercing them, and still coerces query strings", async () => {
    const register = await app.inject({
      method: "POST",
      url: "/v1/auth/register",
      payload: {
        email: "typed@callers.test",
        password: "x".repeat(12),
        accountType: "CLIENT",
        displayName: 5,
      },
    });
    expect(register.statusCode, register.body).toBe(400);
    expect(register.json()).toMatchObject({ errors: [{ field: "displayName", message: "must be string" }] });
    const listed = await app.inject({ url: "/v1/audit/events?limit=2", headers: users.admin.headers });
    expect(listed.statusCode, listed.body).toBe(200);
  });
});

type Run = { output: string; code: number | null };

function runSchemathesis(args: string[]): Promise<Run> {
  const cwd = mkdtempSync(join(tmpdir(), "schemathesis-"));
  return new Promise<Run>((resolve, reject) => {
    const child = spawn(st, args, { cwd, env: { ...process.env, NO_COLOR: "1" } });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ output, code }));
  }).finally(() => rmSync(cwd, { recursive: true, force: true }));
}

type Caller = "anonymous" | "client" | "freelancer" | "admin" | "service";

/** The operations a caller may call; the signed-in also call the public ones (a job they just posted…). */
function operationsFor(caller: Caller): string[] {
  const admits = (access: RouteAccess | undefined): boolean => {
    if (!access) return caller === "anonymous";
    if ("public" in access) return caller !== "admin" && caller !== "service";
    if ("internal" in access) return caller === "service";
    if (access.roles === "any") return caller === "client" || caller === "freelancer";
    if (caller === "admin") return access.roles.includes("admin") || access.roles.includes("auditor");
    return caller !== "anonymous" && caller !== "service" && access.roles.includes(caller);
  };
  return ops.filter((op) => admits(op.operation["x-access"])).map((op) => op.name);
}

function authorizationOf(caller: Caller): string[] {
  if (caller === "anonymous") return [];
  const token = caller === "service" ? internalToken : users[caller].accessToken;
  return ["--header", `Authorization: Bearer ${token}`];
}

async function schemathesis(caller: Caller): Promise<void> {
  if (!existsSync(st)) throw new Error(`schemathesis ${version} is not installed at ${st}: run make deps`);
  const selected = operationsFor(caller);
  expect(selected.length, `no operation for ${caller}`).toBeGreaterThan(0);
  const run = await runSchemathesis([
    "--config-file",
    join(here, "schemathesis.toml"),
    "run",
    `${url}/docs/openapi.json`,
    "--url",
    url,
    "--checks",
    "all",
    "--max-examples",
    String(examples),
    "--generation-database",
    "none",
    "--no-color",
    ...authorizationOf(caller),
    ...selected.flatMap((name) => ["--include-name", name]),
  ]);
  const summary = run.output.split("\n").filter((line) => /^=+ .* in [\d.]+s =+$/.test(line));
  console.info(`schemathesis as ${caller}, ${selected.length} operations: ${summary.join(" ")}`);
  expect(run.code, `schemathesis found problems as ${caller}:\n${run.output}`).toBe(0);
}

describe(`schemathesis ${version}, all checks`, () => {
  const minutes = 4 * 60_000;
  it("finds nothing as an anonymous caller", () => schemathesis("anonymous"), minutes);
  it("finds nothing as a signed-in client", () => schemathesis("client"), minutes);
  it("finds nothing as a signed-in freelancer", () => schemathesis("freelancer"), minutes);
  it("finds nothing as an admin", () => schemathesis("admin"), minutes);
  it("finds nothing as a platform service", () => schemathesis("service"), minutes);
});
