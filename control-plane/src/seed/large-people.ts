// The benchmark's accounts: thousands of clients and freelancers (emails @bench.seed.skillpod.dev, the
// demo password), written in batches, each batch in its own transaction.
import type pg from "pg";
import { runBatches } from "./batches.js";
import { insertRows, tables, type Queryable } from "./insert.js";
import { handleOf, makeClient, makeFreelancer, personName } from "./people.js";
import { Random, seededUuid } from "./random.js";
import type { Vocabulary } from "./vocabulary.js";

export const benchDomain = "bench.seed.skillpod.dev";

/** The freelancer the benchmark signs in as (password: the demo password). */
export const benchFreelancerEmail = `f1@${benchDomain}`;

export type LargeContext = {
  pool: pg.Pool;
  vocabulary: Vocabulary;
  passwordHash: string;
  now: number;
  say: (line: string) => void;
};

/** A freelancer as the job batches need them: who may bid on what. */
export type BenchFreelancer = {
  id: string;
  name: string;
  category: string;
  skillIds: string[];
  rateMinor: number;
};

export const clientId = (n: number): string => seededUuid(`bench:client-${n}`);

/** True when every account of the batch (emails <prefix><n>@…, n in [first, last]) exists. */
function accountsThere(ctx: LargeContext, prefix: string): (first: number, last: number) => Promise<boolean> {
  return async (first, last) => {
    const emails = Array.from({ length: last - first + 1 }, (_, i) => `${prefix}${first + i}@${benchDomain}`);
    const { rows } = await ctx.pool.query<{ n: string }>(
      "SELECT count(*) AS n FROM users WHERE email = ANY($1::text[])",
      [emails],
    );
    return Number(rows[0]?.n ?? 0) === emails.length;
  };
}

async function writeClients(ctx: LargeContext, db: pg.PoolClient, range: [number, number]): Promise<string> {
  const random = new Random(0xc0000 + range[0]);
  const clients = [];
  for (let n = range[0]; n <= range[1]; n += 1) {
    const spec = {
      id: clientId(n),
      email: `c${n}@${benchDomain}`,
      passwordHash: ctx.passwordHash,
      now: ctx.now,
    };
    clients.push(makeClient(random, { ...spec, index: n }));
  }
  const created = await insertRows(
    db,
    tables.users,
    clients.map((c) => c.user),
  );
  await insertRows(
    db,
    tables.clientProfiles,
    clients.map((c) => c.profile),
  );
  return `${created.length} new`;
}

async function writeFreelancers(
  ctx: LargeContext,
  db: pg.PoolClient,
  range: [number, number],
): Promise<string> {
  const random = new Random(0xf0000 + range[0]);
  const freelancers = [];
  for (let n = range[0]; n <= range[1]; n += 1) {
    const name = personName(random);
    const account = { id: seededUuid(`bench:freelancer-${n}`), email: `f${n}@${benchDomain}` };
    const spec = {
      ...account,
      passwordHash: ctx.passwordHash,
      now: ctx.now,
      name,
      handle: handleOf(name, `b${n}`),
    };
    freelancers.push(makeFreelancer(random, ctx.vocabulary, spec));
  }
  await insertRows(
    db,
    tables.users,
    freelancers.map((f) => f.user),
  );
  const created = new Set(
    await insertRows(
      db,
      tables.freelancerProfiles,
      freelancers.map((f) => f.profile),
    ),
  );
  const skills = freelancers.filter((f) => created.has(f.user.id)).flatMap((f) => f.skills);
  await insertRows(db, tables.freelancerSkills, skills);
  return `${created.size} new with ${skills.length} skills`;
}

export async function seedBenchClients(ctx: LargeContext, total: number): Promise<void> {
  await runBatches(
    ctx.pool,
    { what: "clients", total, size: 2500, say: ctx.say },
    {
      done: accountsThere(ctx, "c"),
      write: (db, first, last) => writeClients(ctx, db, [first, last]),
    },
  );
}

export async function seedBenchFreelancers(ctx: LargeContext, total: number): Promise<void> {
  await runBatches(
    ctx.pool,
    { what: "freelancers", total, size: 1000, say: ctx.say },
    {
      done: accountsThere(ctx, "f"),
      write: (db, first, last) => writeFreelancers(ctx, db, [first, last]),
    },
  );
}

/** The seeded freelancers as bidders, read back (a re-run may not have made them). */
export async function benchFreelancers(db: Queryable, vocabulary: Vocabulary): Promise<BenchFreelancer[]> {
  const { rows } = await db.query<{ id: string; name: string; skill_ids: string[]; rate: string }>(
    `SELECT u.id::text, u.display_name AS name, p.skill_ids, p.hourly_rate_minor AS rate
     FROM freelancer_profiles p JOIN users u ON u.id = p.user_id WHERE u.email LIKE $1 ORDER BY u.email`,
    [`f%@${benchDomain}`],
  );
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    skillIds: row.skill_ids,
    category: vocabulary.skillById.get(row.skill_ids[0] ?? "")?.category ?? "web-development",
    rateMinor: Number(row.rate),
  }));
}
