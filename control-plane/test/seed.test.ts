// `make dev`'s seed (scripts/seed-demo.ts) run as dev.sh runs it, as the owner role, twice, on a fresh
// migrated database (so the first run really starts from nothing): a living marketplace beside the demo
// logins, nothing added by the second run, demo users who can sign in through the real app, and a failure
// that exits non-zero instead of passing silently.
import type { FastifyInstance } from "fastify";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoPassword } from "../src/seed/index.js";
import { demoMarketplaceSummary, type MarketplaceSummary } from "../src/seed/index.js";
import { buildTestApp } from "./app-harness.js";
import { createMigratedDatabase, dropDatabase, type ScratchDatabase } from "./audit-database.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const demoEmails = [
  "ada@demo.skillpod.dev",
  "client@demo.skillpod.dev",
  "admin@demo.skillpod.dev",
  "auditor@demo.skillpod.dev",
];
const tables = [
  "users",
  "freelancer_profiles",
  "freelancer_skills",
  "client_profiles",
  "jobs",
  "proposals",
  "proposal_milestones",
  "contracts",
  "milestones",
  "reviews",
];

type Run = { code: number; stdout: string; stderr: string };

function seed(databaseUrl: string): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      "node_modules/.bin/tsx",
      ["control-plane/scripts/seed-demo.ts", "--database-url", databaseUrl],
      { cwd: root, timeout: 110_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

async function withOwner<T>(url: string, work: (db: pg.Client) => Promise<T>): Promise<T> {
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  try {
    return await work(db);
  } finally {
    await db.end();
  }
}

async function rowCounts(db: pg.Client): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const { rows } = await db.query<{ n: string }>(`SELECT count(*) AS n FROM "${table}"`);
    counts[table] = Number(rows[0]?.n);
  }
  return counts;
}

describe("make dev's seed (scripts/seed-demo.ts)", () => {
  let scratch: ScratchDatabase;
  let first: Run;
  let second: Run;
  let afterFirst: { summary: MarketplaceSummary; counts: Record<string, number> };
  let afterSecond: { summary: MarketplaceSummary; counts: Record<string, number> };

  beforeAll(async () => {
    scratch = await createMigratedDatabase();
    const snapshot = (): Promise<typeof afterFirst> =>
      withOwner(scratch.ownerUrl, async (db) => ({
        summary: await demoMarketplaceSummary(db),
        counts: await rowCounts(db),
      }));
    first = await seed(scratch.ownerUrl);
    afterFirst = await snapshot();
    second = await seed(scratch.ownerUrl);
    afterSecond = await snapshot();
  }, 300_000);

  afterAll(async () => {
    if (scratch) await dropDatabase(scratch);
  });

  it("exits 0 with a progress line per step, and creates the demo users on the first run", () => {
    expect(first.stderr).toBe("");
    expect(first.code).toBe(0);
    for (const step of [
      "clients:",
      "freelancers:",
      "jobs:",
      "proposals:",
      "completed contracts:",
      "marketplace:",
    ]) {
      expect(first.stdout).toContain(`[seed] ${step}`);
    }
    for (const email of demoEmails) expect(first.stdout).toContain(`demo user ${email}`);
    expect(first.stdout).not.toContain("already there");
  });

  it("seeds a living marketplace: 200+ jobs in every category, 50+ freelancers, proposals, visible reviews", () => {
    const s = afterFirst.summary;
    expect(s.jobs).toBeGreaterThanOrEqual(200);
    expect(s.openJobs).toBeGreaterThan(s.jobs / 2);
    expect(s.categories).toBe(8);
    expect(s.freelancers).toBeGreaterThanOrEqual(50);
    expect(s.clients).toBeGreaterThanOrEqual(20);
    expect(s.proposals).toBeGreaterThan(s.jobs);
    expect(s.completedContracts).toBeGreaterThanOrEqual(10);
    expect(s.visibleReviews).toBeGreaterThanOrEqual(10);
  });

  it("has jobs in every state, both billings and publication over the last 60 days", async () => {
    const { rows } = await withOwner(scratch.ownerUrl, (db) =>
      db.query<{ states: string[]; billings: string[]; oldest: number; newest: number; undated: string }>(
        `SELECT array_agg(DISTINCT state::text ORDER BY state::text) AS states,
           array_agg(DISTINCT billing::text ORDER BY billing::text) AS billings,
           max(extract(epoch FROM now() - published_at) / 86400)::float8 AS oldest,
           min(extract(epoch FROM now() - published_at) / 86400)::float8 AS newest,
           count(*) FILTER (WHERE published_at IS NULL AND state <> 'DRAFT') AS undated
         FROM jobs`,
      ),
    );
    expect(rows[0]?.states).toEqual(["CLOSED", "DRAFT", "FILLED", "OPEN"]);
    expect(rows[0]?.billings).toEqual(["FIXED", "HOURLY"]);
    expect(rows[0]?.oldest).toBeGreaterThan(40);
    expect(rows[0]?.oldest).toBeLessThanOrEqual(61);
    expect(rows[0]?.newest).toBeLessThan(3);
    expect(Number(rows[0]?.undated)).toBe(0);
  });

  it("adds nothing on a second run", () => {
    expect(second.code).toBe(0);
    expect(second.stderr).toBe("");
    for (const email of demoEmails) expect(second.stdout).toContain(`demo user ${email}`);
    expect(second.stdout.match(/already there/g)).toHaveLength(demoEmails.length);
    expect(second.stdout).toMatch(/jobs: \d+ across 8 categories \(0 new\)/);
    expect(second.stdout).toMatch(/proposals: \d+ \(0 new\)/);
    expect(afterSecond.counts).toEqual(afterFirst.counts);
    expect(afterSecond.summary).toEqual(afterFirst.summary);
  });

  it("gives Ada proposals on Acme's jobs and a delivery record, and Acme jobs including a draft", async () => {
    const { rows } = await withOwner(scratch.ownerUrl, (db) =>
      db.query<{ acme_jobs: string; acme_drafts: string; ada_on_acme: string; ada_completed: string }>(
        `WITH ada AS (SELECT id FROM users WHERE email = 'ada@demo.skillpod.dev'),
              acme AS (SELECT id FROM users WHERE email = 'client@demo.skillpod.dev')
         SELECT (SELECT count(*) FROM jobs WHERE client_id = (SELECT id FROM acme)) AS acme_jobs,
           (SELECT count(*) FROM jobs WHERE client_id = (SELECT id FROM acme) AND state = 'DRAFT') AS acme_drafts,
           (SELECT count(*) FROM proposals p JOIN jobs j ON j.id = p.job_id
              WHERE p.freelancer_id = (SELECT id FROM ada) AND j.client_id = (SELECT id FROM acme)) AS ada_on_acme,
           (SELECT count(*) FROM contracts WHERE freelancer_id = (SELECT id::text FROM ada) AND state = 'completed')
             AS ada_completed`,
      ),
    );
    expect(Number(rows[0]?.acme_jobs)).toBeGreaterThanOrEqual(3);
    expect(Number(rows[0]?.acme_drafts)).toBe(1);
    expect(Number(rows[0]?.ada_on_acme)).toBe(2);
    expect(Number(rows[0]?.ada_completed)).toBe(3);
  });

  describe("on the real app", () => {
    let app: FastifyInstance;
    beforeAll(async () => {
      app = await buildTestApp({
        APP_DATABASE_URL: scratch.appUrl,
        RATE_LIMIT_NAMESPACE: `seed-test:${randomBytes(4).toString("hex")}:`,
      });
    });
    afterAll(async () => {
      await app?.close();
    });

    it("signs in every demo user with the demo password, admin and auditor with their roles", async () => {
      for (const email of demoEmails) {
        const login = await app.inject({
          method: "POST",
          url: "/v1/auth/login",
          payload: { email, password: demoPassword },
        });
        expect(login.statusCode, `${email}: ${login.body}`).toBe(200);
        const me = await app.inject({
          method: "GET",
          url: "/v1/me",
          headers: { authorization: `Bearer ${login.json<{ accessToken: string }>().accessToken}` },
        });
        expect(me.statusCode).toBe(200);
        const role = email.split("@")[0];
        if (role === "admin" || role === "auditor")
          expect(me.json<{ roles: string[] }>().roles).toContain(role);
      }
    });

    it("shows Ada's public profile with completed contracts and a review average", async () => {
      const response = await app.inject({ method: "GET", url: "/v1/freelancers/ada" });
      expect(response.statusCode, response.body).toBe(200);
      const profile = response.json<{
        handle: string;
        record: { completedContracts: number; reviewAverage: number | null };
      }>();
      expect(profile.handle).toBe("ada");
      expect(profile.record.completedContracts).toBe(3);
      expect(profile.record.reviewAverage).not.toBeNull();
    });
  });

  it("exits non-zero naming the failure when it cannot seed", async () => {
    const missing = new URL(scratch.ownerUrl);
    missing.pathname = `/skillpod_missing_${randomBytes(3).toString("hex")}`;
    const run = await seed(missing.toString());
    expect(run.code).not.toBe(0);
    expect(run.stderr).toContain("[seed] failed");
    expect(run.stderr).toContain("does not exist");
  });
});
