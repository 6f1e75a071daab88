// Where GET /v1/me spends its time: builds the control plane as api.bench.ts does, drives /v1/me with
// autocannon from a worker thread, and profiles the serving (main) thread with the inspector's CPU profiler.
// Prints self time per function and per package (node_modules/<name>, node: internals, the app's own files),
// and writes the raw .cpuprofile (open it in Chrome DevTools or speedscope for the flame chart).
//   BENCH_PROFILE_SECONDS=8 npx tsx bench/profile-me.ts
import { buildApp, loadControlPlaneConfig, startTelemetry } from "@skillpod/control-plane";
import { stackEnv } from "@skillpod/testkit";
import autocannon from "autocannon";
import Fastify, { type FastifyInstance } from "fastify";
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { Session, type Profiler } from "node:inspector/promises";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

const seconds = Number(process.env.BENCH_PROFILE_SECONDS ?? 8);
const traced = process.env.BENCH_PROFILE_TRACED === "true";
const top = Number(process.env.BENCH_PROFILE_TOP ?? 40);
/** Which target the profiler watches: me (default), healthz or baseline. */
const profiledTarget = (process.env.BENCH_PROFILE_TARGET ?? "me") as "me" | "healthz" | "baseline";
/** false: measure CPU per request only, without the profiler's own cost. */
const profiling = process.env.BENCH_PROFILE_CPU !== "false";
const unlimited = "1000000000";

function config(): ReturnType<typeof loadControlPlaneConfig> {
  return loadControlPlaneConfig({
    APP_DATABASE_URL: stackEnv("TEST_APP_DATABASE_URL"),
    REDIS_URL: stackEnv("REDIS_URL"),
    TEMPORAL_ADDRESS: stackEnv("TEMPORAL_ADDRESS"),
    KUBECONFIG: stackEnv("KUBECONFIG"),
    MFA_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    INTERNAL_API_TOKEN: randomBytes(32).toString("hex"),
    LOG_LEVEL: "silent",
    RATE_LIMIT_PUBLIC_PER_MINUTE: unlimited,
    RATE_LIMIT_DEFAULT_PER_MINUTE: unlimited,
    RATE_LIMIT_AUTHENTICATED_PER_MINUTE: unlimited,
    RATE_LIMIT_LOGIN_PER_MINUTE: unlimited,
    RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE: unlimited,
  });
}

async function accessTokenFor(base: string): Promise<string> {
  const headers = { "content-type": "application/json" };
  const email = `profile-${randomUUID()}@bench.test`;
  const password = "correct horse battery staple";
  const registration = { email, password, accountType: "FREELANCER", displayName: "Profile User" };
  const registered = await fetch(`${base}/v1/auth/register`, {
    method: "POST",
    headers,
    body: JSON.stringify(registration),
  });
  if (registered.status !== 201) throw new Error(`register: ${registered.status}`);
  const login = await fetch(`${base}/v1/auth/login`, {
    method: "POST",
    headers,
    body: JSON.stringify({ email, password }),
  });
  if (login.status !== 200) throw new Error(`login: ${login.status}`);
  return ((await login.json()) as { accessToken: string }).accessToken;
}

type Node = Profiler.ProfileNode;

/**
 * CPU seconds of this process' main thread so far (Linux: utime + stime of /proc/self/task/<pid>/stat, in
 * clock ticks of 10 ms): what serving costs, without the load generator's worker thread. Wall-clock figures
 * on a shared machine are noisy; CPU per request is steadier.
 */
function mainThreadCpu(): { user: number; system: number } {
  const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { user: Number(fields[11]) / 100, system: Number(fields[12]) / 100 };
}

/** The package a frame belongs to: node_modules/<pkg>, node:<module>, the app's path, or (native/gc). */
function ownerOf(url: string, name: string): string {
  if (!url) return name.startsWith("(") ? name : "(native)";
  const nodeModules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (nodeModules?.[1]) return nodeModules[1];
  if (url.startsWith("node:")) return url;
  const ours = /\/work\/main\/(.*)$/.exec(url.replace("file://", ""));
  return ours?.[1] ?? url;
}

function summarise(profile: Profiler.Profile): void {
  const byId = new Map<number, Node>(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];
  samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (deltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const byFunction = new Map<string, number>();
  const byOwner = new Map<string, number>();
  for (const [id, micros] of self) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    const owner = ownerOf(frame.url, frame.functionName);
    const fn = `${frame.functionName || "(anonymous)"} ${owner}:${frame.lineNumber + 1}`;
    byFunction.set(fn, (byFunction.get(fn) ?? 0) + micros);
    byOwner.set(owner, (byOwner.get(owner) ?? 0) + micros);
  }
  const print = (title: string, map: Map<string, number>): void => {
    console.log(`\n${title} (self time, ${(total / 1e6).toFixed(2)} s sampled)`);
    for (const [key, micros] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top))
      console.log(`${((micros / total) * 100).toFixed(1).padStart(5)}%  ${key}`);
  };
  print("By package", byOwner);
  print("By function", byFunction);
}

type Target = { name: string; url: string; headers?: Record<string, string> };

/** A fixed rate (requests/s over all connections) makes CPU per request comparable across noisy runs. */
const rate = process.env.BENCH_PROFILE_RATE ? { overallRate: Number(process.env.BENCH_PROFILE_RATE) } : {};

const drive = (target: Target, duration: number): Promise<autocannon.Result> =>
  autocannon({
    url: target.url,
    headers: target.headers ?? {},
    connections: 10,
    duration,
    workers: 1,
    ...rate,
  });

/** Drives `target` for `seconds` after a warm-up; prints req/s, latency and main-thread CPU per request. */
async function measure(target: Target): Promise<void> {
  await drive(target, 2);
  const before = mainThreadCpu();
  const result = await drive(target, seconds);
  const after = mainThreadCpu();
  const [user, system] = [after.user - before.user, after.system - before.system];
  const cpu = user + system;
  const requests = result["2xx"] + result.non2xx;
  console.log(
    `${target.name}: ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, ` +
      `p99 ${result.latency.p99} ms, non-2xx ${result.non2xx}; main thread ` +
      `${((cpu / seconds) * 100).toFixed(0)}% busy, ${((cpu / requests) * 1e6).toFixed(0)} µs CPU per request ` +
      `(${((user / requests) * 1e6).toFixed(0)} user + ${((system / requests) * 1e6).toFixed(0)} kernel)`,
  );
}

async function profiled(target: Target): Promise<void> {
  const session = new Session();
  session.connect();
  await session.post("Profiler.enable");
  await session.post("Profiler.setSamplingInterval", { interval: 200 });
  await session.post("Profiler.start");
  await measure({ ...target, name: `${target.name} (profiled)` });
  const { profile } = await session.post("Profiler.stop");
  session.disconnect();
  const file = join(tmpdir(), `me-${Date.now()}.cpuprofile`);
  writeFileSync(file, JSON.stringify(profile));
  summarise(profile);
  console.log(`\nRaw profile: ${file}`);
}

async function main(): Promise<void> {
  const baseline = Fastify({ logger: false });
  baseline.get("/", () => ({ hello: "world" }));
  await baseline.listen({ host: "127.0.0.1", port: 0 });
  const cfg = config();
  const telemetry = traced ? startTelemetry(cfg) : undefined;
  if (traced) createRequire(import.meta.url)("node:http");
  const app: FastifyInstance = await buildApp(cfg);
  await app.listen({ host: "127.0.0.1", port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  const me = {
    name: "GET /v1/me",
    url: `${base}/v1/me`,
    headers: { authorization: `Bearer ${await accessTokenFor(base)}` },
  };
  const targets = {
    baseline: {
      name: "baseline: Fastify hello-world",
      url: `http://127.0.0.1:${(baseline.server.address() as AddressInfo).port}/`,
    },
    // The app's fixed cost per request: no token, no rate limit, no database.
    healthz: { name: "GET /healthz", url: `${base}/healthz` },
    me,
  };
  for (const target of Object.values(targets)) await measure(target);
  if (profiling) await profiled(targets[profiledTarget]);
  await app.close();
  await baseline.close();
  await telemetry?.shutdown();
}

await main();
