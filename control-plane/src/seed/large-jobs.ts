// The benchmark's jobs, in batches of 2,500 (one transaction each): published over 90 days, 5% not OPEN,
// proposals on a quarter of them, and the filled ones hired with completed, reviewed contracts.
import type pg from "pg";
import { makeHire, makeProposal, proposalStateOf, type Bidder, type Hire } from "./deals.js";
import { insertRows, tables } from "./insert.js";
import { moveJobs } from "./job-moves.js";
import { makeJob, type JobState, type PlannedJob } from "./jobs.js";
import { runBatches } from "./batches.js";
import { clientId, type BenchFreelancer, type LargeContext } from "./large-people.js";
import { Random, Zipf, seededUuid } from "./random.js";
import type { Vocabulary } from "./vocabulary.js";

export type BenchJobsSpec = { jobs: number; clients: number; freelancers: BenchFreelancer[] };

const jobId = (n: number): string => seededUuid(`bench:job-${n}`);

/** Bidders by category, ranked: a few freelancers get most of the work, as on real marketplaces. */
class BidderPool {
  private readonly byCategory = new Map<string, { bidders: Bidder[]; rank: Zipf }>();
  private readonly everyone: Bidder[];

  constructor(freelancers: BenchFreelancer[], vocabulary: Vocabulary) {
    const bidderOf = (f: BenchFreelancer): Bidder => ({
      id: f.id,
      name: f.name,
      skillNames: f.skillIds.map((id) => vocabulary.skillById.get(id)?.name ?? id),
      rateMinor: f.rateMinor,
    });
    this.everyone = freelancers.map(bidderOf);
    for (const category of vocabulary.categories) {
      const bidders = freelancers.filter((f) => f.category === category).map(bidderOf);
      this.byCategory.set(category, { bidders, rank: new Zipf(Math.max(1, bidders.length), 0.8) });
    }
  }

  pick(random: Random, category: string, count: number): Bidder[] {
    const local = this.byCategory.get(category);
    const chosen = new Map<string, Bidder>();
    for (let attempt = 0; chosen.size < count && attempt < count * 10; attempt += 1) {
      const local_ = local && local.bidders.length > 0 && random.chance(0.85);
      const bidder = local_ ? local.bidders[local.rank.sample(random)] : random.pick(this.everyone);
      if (bidder) chosen.set(bidder.id, bidder);
    }
    return [...chosen.values()];
  }
}

function bidderCount(random: Random, state: JobState): number {
  if (state === "FILLED") return random.int(2, 5);
  if (state === "CLOSED") return random.int(0, 3);
  return state === "OPEN" && random.chance(0.25) ? random.int(1, 6) : 0;
}

type Batch = { jobs: PlannedJob[]; proposals: ReturnType<typeof makeProposal>[]; hires: Hire[] };

function planBatch(ctx: LargeContext, spec: BenchJobsSpec, pool: BidderPool, range: [number, number]): Batch {
  const random = new Random(0xa0000 + range[0]);
  const batch: Batch = { jobs: [], proposals: [], hires: [] };
  for (let n = range[0]; n <= range[1]; n += 1) {
    const finalState = random.weighted([
      ["OPEN", 95],
      ["CLOSED", 3],
      ["DRAFT", 1],
      ["FILLED", 1],
    ] as const);
    // Skewed to the first clients: some post hundreds of jobs, most a handful.
    const client = clientId(1 + Math.floor(spec.clients * random.next() ** 1.6));
    const job = makeJob(random, ctx.vocabulary, {
      id: jobId(n),
      clientId: client,
      finalState,
      days: 90,
      minAgeDays: finalState === "FILLED" ? 21 : 0,
      now: ctx.now,
    });
    batch.jobs.push(job);
    for (const [position, bidder] of pool
      .pick(random, job.row.category, bidderCount(random, finalState))
      .entries()) {
      const id = seededUuid(`bench:proposal:${n}:${bidder.id}`);
      const state = proposalStateOf(random, finalState, position);
      const made = makeProposal(random, job, bidder, { id, state, now: ctx.now });
      batch.proposals.push(made);
      if (state !== "HIRED") continue;
      const hire = makeHire(
        random,
        job,
        { ...made, bidder },
        {
          key: `bench-${n}`,
          now: ctx.now,
          clientName: "the client",
          reviewId: (author) => seededUuid(`bench:review:${n}:${author}`),
        },
      );
      batch.hires.push(hire);
    }
  }
  return batch;
}

async function writeBatch(db: pg.PoolClient, batch: Batch): Promise<number> {
  const created = new Set(
    await insertRows(
      db,
      tables.jobs,
      batch.jobs.map((j) => j.row),
    ),
  );
  const proposals = batch.proposals.filter((p) => created.has(p.proposal.job_id));
  await insertRows(
    db,
    tables.proposals,
    proposals.map((p) => p.proposal),
  );
  await insertRows(
    db,
    tables.proposalMilestones,
    proposals.flatMap((p) => p.milestones),
  );
  await moveJobs(db, batch.jobs, created);
  const hires = batch.hires.filter((h) => created.has(h.contract.job_id));
  await insertRows(
    db,
    tables.contracts,
    hires.map((h) => h.contract),
  );
  await insertRows(
    db,
    tables.milestones,
    hires.flatMap((h) => h.milestones),
  );
  await insertRows(
    db,
    tables.reviews,
    hires.flatMap((h) => h.reviews),
  );
  return proposals.length;
}

export async function seedBenchJobs(ctx: LargeContext, spec: BenchJobsSpec): Promise<void> {
  const pool = new BidderPool(spec.freelancers, ctx.vocabulary);
  await runBatches(
    ctx.pool,
    { what: "jobs", total: spec.jobs, size: 2500, say: ctx.say },
    {
      // The triggers run before ON CONFLICT does, so a batch already there is skipped, not re-inserted.
      done: async (first, last) => {
        const ids = Array.from({ length: last - first + 1 }, (_, i) => jobId(first + i));
        const { rows } = await ctx.pool.query<{ n: string }>(
          "SELECT count(*) AS n FROM jobs WHERE id = ANY($1::uuid[])",
          [ids],
        );
        return Number(rows[0]?.n ?? 0) === ids.length;
      },
      write: async (db, first, last) => {
        const batch = planBatch(ctx, spec, pool, [first, last]);
        const proposals = await writeBatch(db, batch);
        return `${batch.jobs.length} jobs, ${proposals} proposals, ${batch.hires.length} hires`;
      },
    },
  );
}
