// `make dev`'s marketplace: a few hundred jobs across every category from seeded clients and Acme,
// proposals on most of them, and filled jobs whose contracts completed with reviews, so profiles show
// delivery records. One transaction: a run either adds the whole marketplace or nothing.
import type pg from "pg";
import { castOf, writeCast, type Cast } from "./demo-cast.js";
import type { DemoAccounts } from "./demo-users.js";
import {
  makeHire,
  makeProposal,
  proposalStateOf,
  type Bidder,
  type Hire,
  type ProposalMilestoneRow,
  type ProposalRow,
} from "./deals.js";
import { insertRows, tables } from "./insert.js";
import { moveJobs } from "./job-moves.js";
import { makeJob, type JobState, type PlannedJob } from "./jobs.js";
import type { SeededFreelancer } from "./people.js";
import { Random, Zipf, seededUuid } from "./random.js";
import { loadVocabulary, type Vocabulary } from "./vocabulary.js";

export type DemoMarketplaceSpec = {
  jobs: number;
  clients: number;
  freelancers: number;
  passwordHash: string;
  now: number;
  say: (line: string) => void;
};

type Deals = { proposals: ProposalRow[]; milestones: ProposalMilestoneRow[]; hires: Hire[] };

const acmeJobs: [string, string, JobState][] = [
  ["Acme website redesign, phase 2: React component library", "web-development", "OPEN"],
  ["Accessibility audit and fixes for the Acme shop (WCAG 2.1 AA)", "web-development", "OPEN"],
  ["Figma design system for Acme's customer portal", "design", "OPEN"],
  ["Kubernetes cost review for Acme's staging cluster", "devops", "DRAFT"],
];

function planJobs(vocabulary: Vocabulary, cast: Cast, spec: DemoMarketplaceSpec): PlannedJob[] {
  const random = new Random(7002);
  const clientRank = new Zipf(cast.clients.length, 0.8);
  const jobs = Array.from({ length: spec.jobs }, (_, index) => {
    const finalState = random.weighted([
      ["OPEN", 76],
      ["DRAFT", 4],
      ["CLOSED", 6],
      ["FILLED", 14],
    ] as const);
    return makeJob(random, vocabulary, {
      id: seededUuid(`demo:job-${index + 1}`),
      clientId: cast.clients[clientRank.sample(random)]?.user.id ?? cast.acme.user.id,
      finalState,
      // A filled job's contract has run its course: it was posted three weeks ago at least.
      days: 60,
      minAgeDays: finalState === "FILLED" ? 21 : 0,
      now: spec.now,
      // Every category has jobs, whatever the draw.
      ...(index < vocabulary.categories.length ? { category: vocabulary.categories[index] } : {}),
    });
  });
  const acme = acmeJobs.map(([title, category, finalState], index) => {
    const job = makeJob(random, vocabulary, {
      id: seededUuid(`demo:acme-job-${index + 1}`),
      clientId: cast.acme.user.id,
      finalState,
      days: 10,
      now: spec.now,
      category,
    });
    return { ...job, row: { ...job.row, title } };
  });
  return [...acme, ...jobs];
}

function bidderOf(freelancer: SeededFreelancer, vocabulary: Vocabulary): Bidder {
  return {
    id: freelancer.user.id,
    name: freelancer.user.display_name,
    skillNames: freelancer.profile.skill_ids.map((id) => vocabulary.skillById.get(id)?.name ?? id),
    rateMinor: freelancer.profile.hourly_rate_minor,
  };
}

const proposalCount: Record<JobState, [number, number]> = {
  DRAFT: [0, 0],
  OPEN: [0, 9],
  CLOSED: [1, 5],
  FILLED: [3, 7],
};

/** Who bids: mostly freelancers of the job's category, the best known of them most often. */
function biddersFor(random: Random, job: PlannedJob, cast: Cast): SeededFreelancer[] {
  const [min, max] = proposalCount[job.finalState];
  const local = cast.freelancers.filter((f) => f.category === job.row.category);
  const rank = new Zipf(Math.max(local.length, 1), 0.7);
  const chosen = new Set<SeededFreelancer>();
  const count = random.int(min, max);
  for (let attempt = 0; chosen.size < count && attempt < count * 10; attempt += 1) {
    const fromCategory = local.length > 0 && random.chance(0.8);
    chosen.add(
      fromCategory ? (local[rank.sample(random)] as SeededFreelancer) : random.pick(cast.freelancers),
    );
  }
  return [...chosen];
}

/** Ada bids on two of Acme's jobs and two other web jobs, and was hired for three filled ones. */
function adaJobIds(jobs: PlannedJob[], cast: Cast): { bids: Set<string>; hires: Set<string> } {
  const web = (j: PlannedJob): boolean => ["web-development", "design"].includes(j.row.category);
  const others = jobs.filter((j) => j.row.client_id !== cast.acme.user.id && web(j));
  const acmeOpen = jobs.filter((j) => j.row.client_id === cast.acme.user.id && j.finalState === "OPEN");
  return {
    bids: new Set(
      [...acmeOpen.slice(0, 2), ...others.filter((j) => j.finalState === "OPEN").slice(0, 2)].map(
        (j) => j.row.id,
      ),
    ),
    hires: new Set(
      others
        .filter((j) => j.finalState === "FILLED")
        .slice(0, 3)
        .map((j) => j.row.id),
    ),
  };
}

function planDeals(jobs: PlannedJob[], cast: Cast, vocabulary: Vocabulary, now: number): Deals {
  const random = new Random(7003);
  const ada = adaJobIds(jobs, cast);
  const names = new Map([...cast.clients, cast.acme].map((c) => [c.user.id, c.profile.display_name]));
  const deals: Deals = { proposals: [], milestones: [], hires: [] };
  for (const [index, job] of jobs.entries()) {
    const bidders = biddersFor(random, job, cast).filter((f) => f !== cast.ada);
    if (ada.hires.has(job.row.id)) bidders.unshift(cast.ada);
    else if (ada.bids.has(job.row.id)) bidders.push(cast.ada);
    for (const [position, freelancer] of bidders.entries()) {
      const bidder = bidderOf(freelancer, vocabulary);
      const id = seededUuid(`demo:proposal:${job.row.id}:${bidder.id}`);
      const state =
        freelancer === cast.ada && !ada.hires.has(job.row.id)
          ? "SUBMITTED"
          : proposalStateOf(random, job.finalState, position);
      const made = makeProposal(random, job, bidder, { id, state, now });
      deals.proposals.push(made.proposal);
      deals.milestones.push(...made.milestones);
      if (state !== "HIRED") continue;
      deals.hires.push(
        makeHire(
          random,
          job,
          { ...made, bidder },
          {
            key: `demo-${index + 1}`,
            now,
            clientName: names.get(job.row.client_id) ?? "the client",
            reviewId: (author) => seededUuid(`demo:review:${index + 1}:${author}`),
          },
        ),
      );
    }
  }
  return deals;
}

async function writeMarketplace(
  db: pg.PoolClient,
  demo: DemoAccounts,
  spec: DemoMarketplaceSpec,
): Promise<void> {
  const vocabulary = await loadVocabulary(db);
  const cast = castOf(vocabulary, demo, spec);
  await writeCast(db, cast, spec.say);
  const jobs = planJobs(vocabulary, cast, spec);
  const created = new Set(
    await insertRows(
      db,
      tables.jobs,
      jobs.map((j) => j.row),
    ),
  );
  spec.say(`jobs: ${jobs.length} across ${vocabulary.categories.length} categories (${created.size} new)`);
  const deals = planDeals(jobs, cast, vocabulary, spec.now);
  const proposals = await insertRows(db, tables.proposals, deals.proposals);
  const fresh = new Set(proposals);
  await insertRows(
    db,
    tables.proposalMilestones,
    deals.milestones.filter((m) => fresh.has(m.proposal_id)),
  );
  spec.say(`proposals: ${deals.proposals.length} (${proposals.length} new)`);
  await moveJobs(db, jobs, created);
  const contracts = await insertRows(
    db,
    tables.contracts,
    deals.hires.map((h) => h.contract),
  );
  await insertRows(
    db,
    tables.milestones,
    deals.hires.flatMap((h) => h.milestones),
  );
  const reviews = await insertRows(
    db,
    tables.reviews,
    deals.hires.flatMap((h) => h.reviews),
  );
  spec.say(
    `completed contracts: ${deals.hires.length} (${contracts.length} new), reviews: ${reviews.length} new`,
  );
}

export async function seedDemoMarketplace(
  pool: pg.Pool,
  demo: DemoAccounts,
  spec: DemoMarketplaceSpec,
): Promise<void> {
  const db = await pool.connect();
  try {
    await db.query("BEGIN");
    await writeMarketplace(db, demo, spec);
    await db.query("COMMIT");
  } catch (error) {
    await db.query("ROLLBACK");
    throw error;
  } finally {
    db.release();
  }
}
