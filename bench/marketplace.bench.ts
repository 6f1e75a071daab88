// The marketplace's read paths under load, on a seeded set of 100,000 jobs and 20,000 freelancers in the
// benchmarks' own database (bench-database.ts): job search (full text, filters, and the facets every response carries), autocomplete and
// "jobs for you" (a signed-in freelancer). The real app listens on 127.0.0.1; autocannon sends a mix of
// realistic requests from a worker thread. Each request of a mix is first checked to answer 200, and each is
// then timed alone (sequentially, no other load) for the per-request table.
// Alone: npx tsx bench/marketplace.bench.ts with the stack's environment loaded (it seeds the set if missing).
import {
  benchFreelancerEmail,
  buildApp,
  demoPassword,
  loadControlPlaneConfig,
  seedLargeMarketplace,
  type ControlPlaneConfig,
} from "@skillpod/control-plane";
import { stackEnv } from "@skillpod/testkit";
import autocannon, { type Result } from "autocannon";
import type { FastifyInstance } from "fastify";
import { randomBytes } from "node:crypto";
import { writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { loadavg } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { benchDatabase, benchDatabaseName } from "./bench-database.js";
import { percentile, round } from "./process-stats.js";

const settings = {
  jobs: Number(process.env.BENCH_MARKETPLACE_JOBS ?? 100_000),
  freelancers: Number(process.env.BENCH_MARKETPLACE_FREELANCERS ?? 20_000),
  seconds: Number(process.env.BENCH_MARKETPLACE_SECONDS ?? 10),
  connections: Number(process.env.BENCH_MARKETPLACE_CONNECTIONS ?? 10),
  warmupSeconds: Number(process.env.BENCH_MARKETPLACE_WARMUP_SECONDS ?? 2),
  /** Sequential requests per path for the per-request table. */
  probes: Number(process.env.BENCH_MARKETPLACE_PROBES ?? 30),
};
const unlimited = "1000000000";
// Other work on this shared machine inflates every latency here: the run says how busy it was.
const startLoad = loadavg()
  .map((value) => value.toFixed(1))
  .join(" / ");

/** What people type: skills, phrases, an exclusion and a typo, with the filters the portal offers. */
const searches = [
  "q=kubernetes%20helm&category=devops&billing=FIXED&postedWithin=30d",
  "q=react%20typescript&category=web-development&billing=HOURLY&postedWithin=7d",
  "q=python%20machine%20learning&category=data&postedWithin=30d",
  "q=%22design%20system%22&category=design&billing=FIXED",
  "q=postgresql%20api&category=backend&budgetMin=100000&sort=newest",
  "q=wordpress%20-php&category=web-development&postedWithin=30d",
  "q=terraform%20aws&skills=terraform&clientHistory=hired",
  "q=flutter%20app&category=mobile&billing=FIXED&postedWithin=30d",
  "q=penetration%20test&category=security",
  "q=kuberntes&category=devops",
].map((query) => `/v1/search/jobs?${query}`);
const prefixes = ["kube", "rea", "pyth", "fig", "terr", "postg", "flut", "desi", "mach", "pen"];
const autocompletes = prefixes.map((prefix) => `/v1/search/autocomplete?q=${prefix}`);

type Target = { name: string; paths: string[]; headers?: Record<string, string>; p99TargetMs?: number };
type Row = Record<string, string | number>;

const say = (message: string): void => console.log(`[marketplace-bench] ${message}`);

function benchConfig(appUrl: string): ControlPlaneConfig {
  return loadControlPlaneConfig({
    APP_DATABASE_URL: appUrl,
    REDIS_URL: stackEnv("REDIS_URL"),
    TEMPORAL_ADDRESS: stackEnv("TEMPORAL_ADDRESS"),
    KUBECONFIG: stackEnv("KUBECONFIG"),
    MFA_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    INTERNAL_API_TOKEN: randomBytes(32).toString("hex"),
    LOG_LEVEL: "silent",
    // Every request comes from 127.0.0.1: the limits would measure 429s, not the marketplace.
    RATE_LIMIT_PUBLIC_PER_MINUTE: unlimited,
    RATE_LIMIT_DEFAULT_PER_MINUTE: unlimited,
    RATE_LIMIT_AUTHENTICATED_PER_MINUTE: unlimited,
    RATE_LIMIT_LOGIN_PER_MINUTE: unlimited,
    RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE: unlimited,
    RATE_LIMIT_NAMESPACE: `skillpod:bench:${randomBytes(4).toString("hex")}:`,
    ACCESS_TOKEN_TTL_SECONDS: "3600",
  });
}

async function seed(ownerUrl: string): Promise<string> {
  const pool = new pg.Pool({ connectionString: ownerUrl, max: 3 });
  try {
    const set = await seedLargeMarketplace(pool, {
      jobs: settings.jobs,
      freelancers: settings.freelancers,
      say: (line) => say(`seed: ${line}`),
    });
    return `${set.jobs.toLocaleString("en")} jobs (${set.openJobs.toLocaleString("en")} open) and ${set.freelancers.toLocaleString("en")} freelancers`;
  } finally {
    await pool.end();
  }
}

async function signIn(base: string): Promise<string> {
  const response = await fetch(`${base}/v1/auth/login`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ email: benchFreelancerEmail, password: demoPassword }),
  });
  if (response.status !== 200)
    throw new Error(`sign-in as ${benchFreelancerEmail}: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { accessToken: string }).accessToken;
}

type Answer = {
  total?: number;
  matchedBy?: string | null;
  facets?: object;
  items?: unknown[];
  jobs?: unknown[];
  skills?: unknown[];
};

/** What a response found: a search's total and how it matched, autocomplete's suggestions, or items. */
function noteOf(path: string, answer: Answer): string {
  if (path.startsWith("/v1/search/jobs")) {
    if (answer.facets === undefined) throw new Error(`${path}: no facets in the answer`);
    return `${answer.total} (${answer.matchedBy})`;
  }
  if (answer.jobs && answer.skills) return `${answer.jobs.length} jobs, ${answer.skills.length} skills`;
  return `${answer.items?.length ?? 0} items`;
}

/** Every request of the mix must answer 200 (a benchmark of errors would be useless); notes hit counts. */
async function check(base: string, target: Target): Promise<Map<string, string>> {
  const notes = new Map<string, string>();
  for (const path of target.paths) {
    const response = await fetch(`${base}${path}`, { headers: target.headers ?? {} });
    const body = await response.text();
    if (response.status !== 200) throw new Error(`${path}: ${response.status} ${body.slice(0, 500)}`);
    notes.set(path, noteOf(path, JSON.parse(body) as Answer));
  }
  return notes;
}

function load(base: string, target: Target, seconds: number): Promise<Result> {
  const headers = target.headers ?? {};
  return autocannon({
    url: base,
    headers,
    requests: target.paths.map((path) => ({ method: "GET", path, headers })),
    connections: settings.connections,
    duration: seconds,
    workers: 1,
  });
}

/** Each path alone, one request at a time: what a single user waits, free of the others' queueing. */
async function probe(base: string, target: Target, notes: Map<string, string>): Promise<Row[]> {
  const rows: Row[] = [];
  for (const path of target.paths) {
    const times: number[] = [];
    for (let i = 0; i < settings.probes; i += 1) {
      const started = performance.now();
      const response = await fetch(`${base}${path}`, { headers: target.headers ?? {} });
      await response.arrayBuffer();
      times.push(performance.now() - started);
    }
    const shown = decodeURIComponent(path.replace(/^\/v1\/(search\/)?/, ""));
    rows.push({
      request: `\`${shown}\``,
      results: notes.get(path) ?? "—",
      "p50 (ms)": round(percentile(times, 50), 1),
      "p99 (ms)": round(percentile(times, 99), 1),
    });
  }
  return rows;
}

const ms = (value: number): string => (value < 1 ? "<1" : value.toFixed(0));

function rowOf(target: Target, result: Result): Row {
  const met =
    target.p99TargetMs === undefined
      ? "—"
      : result.latency.p99 <= target.p99TargetMs && result.non2xx === 0
        ? "✓"
        : "✗";
  return {
    target: target.name,
    "req/s": result.requests.average.toFixed(0),
    "p50 (ms)": ms(result.latency.p50),
    "p99 (ms)": ms(result.latency.p99),
    requests: result["2xx"] + result.non2xx,
    "non-2xx": result.non2xx,
    errors: result.errors,
    "p99 target": target.p99TargetMs === undefined ? "—" : `≤ ${target.p99TargetMs} ms`,
    met,
  };
}

async function measure(base: string, target: Target): Promise<{ row: Row; probes: Row[] }> {
  const notes = await check(base, target);
  say(
    `${target.name}: ${target.paths.length} request(s) answer 200; warm-up ${settings.warmupSeconds} s, then ${settings.seconds} s`,
  );
  if (settings.warmupSeconds > 0) await load(base, target, settings.warmupSeconds);
  const result = await load(base, target, settings.seconds);
  say(
    `${target.name}: ${result.requests.average.toFixed(0)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, ${result.non2xx} non-2xx, ${result.errors} errors`,
  );
  return { row: rowOf(target, result), probes: await probe(base, target, notes) };
}

async function main(): Promise<void> {
  const database = await benchDatabase(say);
  const dataSet = await seed(database.ownerUrl);
  const app: FastifyInstance = await buildApp(benchConfig(database.appUrl));
  await app.listen({ host: "127.0.0.1", port: 0 });
  const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  try {
    const token = await signIn(base);
    const targets: Target[] = [
      { name: "job search: text + filters + facets", paths: searches, p99TargetMs: 50 },
      { name: "autocomplete", paths: autocompletes, p99TargetMs: 15 },
      {
        name: "jobs for you (signed-in freelancer)",
        paths: ["/v1/me/jobs-for-you"],
        headers: { authorization: `Bearer ${token}` },
      },
    ];
    const runs = [];
    for (const target of targets) runs.push(await measure(base, target));
    writeResult(dataSet, runs);
    console.table(runs.map((r) => r.row));
  } finally {
    await app.close();
  }
}

function writeResult(dataSet: string, runs: { row: Row; probes: Row[] }[]): void {
  const result = {
    name: "Marketplace: job search, autocomplete and jobs for you on 100,000 jobs",
    date: new Date().toISOString(),
    description:
      `The seeded set: ${dataSet} in database ${benchDatabaseName} (control-plane/src/seed: template text per category, ` +
      "Zipf-like skill popularity, 5% of jobs not open, published over 90 days). autocannon over loopback, " +
      `${settings.connections} connections for ${settings.seconds} s per target (after a ${settings.warmupSeconds} s ` +
      "warm-up), from a worker thread of the process that serves; each connection cycles through the target's " +
      `requests (${searches.length} searches, each with facets; ${prefixes.length} autocomplete prefixes). Rate ` +
      "limits raised out of reach, logging off. The second table times each request alone " +
      `(${settings.probes} in a row, no other load; p99 of ${settings.probes} is about the slowest); results ` +
      `are the total and how it matched. Load average when the run started: ${startLoad}.`,
    rows: runs.map((r) => r.row),
    tables: [{ title: "Each request alone:", rows: runs.flatMap((r) => r.probes) }],
  };
  writeFileSync(
    join(import.meta.dirname, "results", "marketplace.json"),
    `${JSON.stringify(result, null, 2)}\n`,
  );
}

await main();
