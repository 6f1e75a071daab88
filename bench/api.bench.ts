// The control plane's HTTP API under load: GET /v1/me (access-token verification and one indexed read) and
// POST /v1/auth/login (an argon2id verification, plus the session rows), against a bare Fastify hello-world
// measured in the same run as the baseline. Everything listens on 127.0.0.1; autocannon generates the load
// from a worker thread so the servers keep the main thread to themselves. A last run repeats /v1/me with
// tracing started, for what the spans cost.
import {
  buildApp,
  loadControlPlaneConfig,
  startTelemetry,
  type ControlPlaneConfig,
} from "@skillpod/control-plane";
import { stackEnv } from "@skillpod/testkit";
import autocannon, { type Result } from "autocannon";
import Fastify, { type FastifyInstance } from "fastify";
import { generateKeyPairSync, randomBytes, randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

const settings = {
  seconds: Number(process.env.BENCH_API_SECONDS ?? 10),
  connections: Number(process.env.BENCH_API_CONNECTIONS ?? 10),
  warmupSeconds: Number(process.env.BENCH_API_WARMUP_SECONDS ?? 2),
  /** Also GET /v1/me on a second app with tracing started (no exporter): what the spans cost. */
  tracing: process.env.BENCH_API_TRACING !== "false",
};
const password = "correct horse battery staple";
const unlimited = "1000000000";

type Target = {
  name: string;
  url: string;
  method?: "GET" | "POST";
  headers?: Record<string, string>;
  body?: string;
};
type Row = Record<string, string | number>;

const say = (message: string): void => console.log(`[api-bench] ${message}`);
const urlOf = (app: FastifyInstance): string =>
  `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

async function startBaseline(): Promise<FastifyInstance> {
  const app = Fastify({ logger: false });
  app.get("/", () => ({ hello: "world" }));
  await app.listen({ host: "127.0.0.1", port: 0 });
  return app;
}

function benchConfig(): ControlPlaneConfig {
  return loadControlPlaneConfig({
    APP_DATABASE_URL: stackEnv("TEST_APP_DATABASE_URL"),
    REDIS_URL: stackEnv("REDIS_URL"),
    TEMPORAL_ADDRESS: stackEnv("TEMPORAL_ADDRESS"),
    KUBECONFIG: stackEnv("KUBECONFIG"),
    MFA_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    INTERNAL_API_TOKEN: randomBytes(32).toString("hex"),
    // One key for both apps, so the traced one accepts the token the first one issued.
    JWT_PRIVATE_KEY: generateKeyPairSync("ed25519")
      .privateKey.export({ type: "pkcs8", format: "pem" })
      .toString(),
    LOG_LEVEL: "silent",
    // Every request comes from 127.0.0.1 and one user: the limits would measure 429s, not the API.
    RATE_LIMIT_PUBLIC_PER_MINUTE: unlimited,
    RATE_LIMIT_DEFAULT_PER_MINUTE: unlimited,
    RATE_LIMIT_AUTHENTICATED_PER_MINUTE: unlimited,
    RATE_LIMIT_LOGIN_PER_MINUTE: unlimited,
    RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE: unlimited,
    ACCESS_TOKEN_TTL_SECONDS: String(3600 + settings.seconds * 5),
  });
}

async function startControlPlane(config: ControlPlaneConfig): Promise<FastifyInstance> {
  const app = await buildApp(config);
  await app.listen({ host: "127.0.0.1", port: 0 });
  return app;
}
async function expectStatus(response: Response, status: number, what: string): Promise<Response> {
  if (response.status !== status) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return response;
}

/** Registers a user and signs in once, checking both succeed: a benchmark of 4xx answers would be useless. */
async function signedInUser(base: string): Promise<{ login: string; accessToken: string }> {
  const json = { "content-type": "application/json" };
  const email = `bench-${randomUUID()}@bench.test`;
  const registration = { email, password, accountType: "FREELANCER", displayName: "Bench User" };
  await expectStatus(
    await fetch(`${base}/v1/auth/register`, {
      method: "POST",
      headers: json,
      body: JSON.stringify(registration),
    }),
    201,
    "register",
  );
  const login = JSON.stringify({ email, password });
  const response = await expectStatus(
    await fetch(`${base}/v1/auth/login`, { method: "POST", headers: json, body: login }),
    200,
    "login",
  );
  const { accessToken } = (await response.json()) as { accessToken: string };
  const authorization = { authorization: `Bearer ${accessToken}` };
  await expectStatus(await fetch(`${base}/v1/me`, { headers: authorization }), 200, "GET /v1/me");
  return { login, accessToken };
}

async function load(target: Target, seconds: number): Promise<Result> {
  return autocannon({
    url: target.url,
    method: target.method ?? "GET",
    headers: target.headers ?? {},
    ...(target.body === undefined ? {} : { body: target.body }),
    connections: settings.connections,
    duration: seconds,
    workers: 1,
  });
}

// autocannon's latency histogram has whole-millisecond resolution (its mean truncates each sample too).
const ms = (value: number): string => (value < 1 ? "<1" : value.toFixed(0));

function rowOf(target: Target, result: Result, baseline: number): Row {
  const perSecond = result.requests.average;
  return {
    target: target.name,
    "req/s": perSecond.toFixed(0),
    "p50 (ms)": ms(result.latency.p50),
    "p99 (ms)": ms(result.latency.p99),
    // Each connection waits for its answer before the next request (closed loop), so by Little's law the
    // mean latency is connections ÷ throughput, free of the histogram's truncation.
    "mean (ms)": ((settings.connections / perSecond) * 1000).toFixed(2),
    requests: result["2xx"] + result.non2xx,
    "non-2xx": result.non2xx,
    errors: result.errors,
    "× baseline": (perSecond / baseline).toFixed(3),
  };
}

async function measure(target: Target): Promise<Result> {
  say(`${target.name}: warm-up ${settings.warmupSeconds} s, then ${settings.seconds} s`);
  if (settings.warmupSeconds > 0) await load(target, settings.warmupSeconds);
  const result = await load(target, settings.seconds);
  say(
    `${target.name}: ${result.requests.average.toFixed(0)} req/s, p99 ${result.latency.p99} ms, ` +
      `${result.non2xx} non-2xx, ${result.errors} errors`,
  );
  return result;
}

const meTarget = (app: FastifyInstance, accessToken: string, name = "GET /v1/me"): Target => ({
  name,
  url: `${urlOf(app)}/v1/me`,
  headers: { authorization: `Bearer ${accessToken}` },
});

/** Baseline, /v1/me and login on an untraced control plane: the process has not started tracing yet. */
async function measureUntraced(
  config: ControlPlaneConfig,
): Promise<{ runs: [Target, Result][]; accessToken: string }> {
  const baselineApp = await startBaseline();
  const controlPlane = await startControlPlane(config);
  try {
    const user = await signedInUser(urlOf(controlPlane));
    const targets: Target[] = [
      { name: "baseline: Fastify hello-world", url: `${urlOf(baselineApp)}/` },
      meTarget(controlPlane, user.accessToken),
      {
        name: "POST /v1/auth/login",
        url: `${urlOf(controlPlane)}/v1/auth/login`,
        method: "POST",
        headers: { "content-type": "application/json" },
        body: user.login,
      },
    ];
    const runs: [Target, Result][] = [];
    for (const target of targets) runs.push([target, await measure(target)]);
    return { runs, accessToken: user.accessToken };
  } finally {
    await controlPlane.close();
    await baselineApp.close();
  }
}

/** /v1/me again on a fresh app once tracing has started, as main.ts starts it when no collector is set. */
async function measureTraced(config: ControlPlaneConfig, accessToken: string): Promise<[Target, Result]> {
  const telemetry = startTelemetry(config);
  // node:http is patched when it is next required, and every module of this process has loaded already.
  createRequire(import.meta.url)("node:http");
  const app = await startControlPlane(config);
  try {
    const target = meTarget(app, accessToken, "GET /v1/me, traced (no exporter)");
    return [target, await measure(target)];
  } finally {
    await app.close();
    await telemetry.shutdown();
  }
}

async function main(): Promise<void> {
  const config = benchConfig();
  const { runs, accessToken } = await measureUntraced(config);
  if (settings.tracing) runs.push(await measureTraced(config, accessToken));
  const baseline = runs[0]?.[1].requests.average ?? NaN;
  const rows = runs.map(([target, result]) => rowOf(target, result, baseline));
  const result = {
    name: "Control plane API: requests per second against a bare Fastify baseline",
    date: new Date().toISOString(),
    description:
      `autocannon over loopback, ${settings.connections} connections for ${settings.seconds} s per target ` +
      `(after a ${settings.warmupSeconds} s warm-up), from a worker thread of the process that serves. ` +
      "GET /v1/me verifies an EdDSA access token (in full the first time; then remembered, by its exact " +
      "text, until its exp) and reads the user from PostgreSQL on every request (one prepared statement, " +
      "the reads of one event-loop turn batched into one query); POST /v1/auth/login " +
      "(one user, correct password) verifies an argon2id hash (m=19456, t=2) and writes a session. Rate " +
      "limits raised out of reach (still counted: locally first, sent to Redis every 100 ms), logging off. " +
      "The traced row is /v1/me on a second app after " +
      "startTelemetry (HTTP and Fastify spans, no exporter). The baseline is a hello-world Fastify app in " +
      "the same process and run; “× baseline” is req/s over the baseline's.",
    rows,
  };
  writeFileSync(join(import.meta.dirname, "results", "api.json"), `${JSON.stringify(result, null, 2)}\n`);
  console.table(rows);
}

await main();
