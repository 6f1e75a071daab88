// The benchmark's marketplace (e.g. 100,000 jobs and 20,000 freelancers) in the test database: clients,
// freelancers and jobs in batches with a progress line each, then fresh planner statistics. Made once per
// size: a second run finds the rows and reuses them; an interrupted run resumes at the first missing batch.
import type pg from "pg";
import { demoPasswordHash } from "./demo-users.js";
import type { Queryable } from "./insert.js";
import { seedBenchJobs } from "./large-jobs.js";
import {
  benchDomain,
  benchFreelancerEmail,
  benchFreelancers,
  seedBenchClients,
  seedBenchFreelancers,
} from "./large-people.js";
import { loadVocabulary } from "./vocabulary.js";

export { benchFreelancerEmail };

export type LargeSpec = { jobs: number; freelancers: number; say: (line: string) => void };
export type LargeSet = { jobs: number; openJobs: number; freelancers: number; reused: boolean };

async function countsOf(db: Queryable): Promise<Omit<LargeSet, "reused">> {
  const { rows } = await db.query<{ jobs: string; open: string; freelancers: string }>(
    `SELECT (SELECT count(*) FROM jobs j JOIN users u ON u.id = j.client_id WHERE u.email LIKE $1) AS jobs,
       (SELECT count(*) FROM jobs j JOIN users u ON u.id = j.client_id WHERE u.email LIKE $1 AND j.state = 'OPEN') AS open,
       (SELECT count(*) FROM freelancer_profiles p JOIN users u ON u.id = p.user_id WHERE u.email LIKE $2) AS freelancers`,
    [`c%@${benchDomain}`, `f%@${benchDomain}`],
  );
  const row = rows[0];
  return {
    jobs: Number(row?.jobs ?? 0),
    openJobs: Number(row?.open ?? 0),
    freelancers: Number(row?.freelancers ?? 0),
  };
}

export async function seedLargeMarketplace(pool: pg.Pool, spec: LargeSpec): Promise<LargeSet> {
  const before = await countsOf(pool);
  if (before.jobs >= spec.jobs && before.freelancers >= spec.freelancers) {
    spec.say(
      `reusing the set: ${before.jobs} jobs (${before.openJobs} open), ${before.freelancers} freelancers`,
    );
    return { ...before, reused: true };
  }
  const started = Date.now();
  const ctx = {
    pool,
    vocabulary: await loadVocabulary(pool),
    passwordHash: await demoPasswordHash(),
    now: Date.now(),
    say: spec.say,
  };
  const clients = Math.max(1, Math.ceil(spec.jobs / 20));
  spec.say(`seeding ${spec.jobs} jobs from ${clients} clients and ${spec.freelancers} freelancers`);
  await seedBenchClients(ctx, clients);
  await seedBenchFreelancers(ctx, spec.freelancers);
  const freelancers = await benchFreelancers(pool, ctx.vocabulary);
  await seedBenchJobs(ctx, { jobs: spec.jobs, clients, freelancers });
  // Fresh statistics, so the planner sees 100,000 jobs rather than the empty tables of the last analyze.
  await pool.query(
    "ANALYZE users, jobs, freelancer_profiles, freelancer_skills, proposals, contracts, reviews",
  );
  const after = await countsOf(pool);
  spec.say(
    `done in ${((Date.now() - started) / 1000).toFixed(0)} s: ${after.jobs} jobs (${after.openJobs} open), ` +
      `${after.freelancers} freelancers; sign in as ${benchFreelancerEmail}`,
  );
  return { ...after, reused: false };
}
