// Proposals on jobs, and for filled jobs the hire: a contract the way the workers record one (state
// 'completed', milestones 'approved' with submitted_at), and the reviews both parties left after it.
import {
  clientReviews,
  coverClosings,
  coverMiddles,
  coverOpenings,
  declineReasons,
  freelancerReviews,
} from "./deal-templates.js";
import { milestoneTitlesOf, type JobState, type PlannedJob } from "./jobs.js";
import { fill, type Random } from "./random.js";

export type ProposalState = "SUBMITTED" | "SHORTLISTED" | "ARCHIVED" | "DECLINED" | "WITHDRAWN" | "HIRED";

export type ProposalRow = {
  id: string;
  job_id: string;
  freelancer_id: string;
  cover_letter: string;
  bid_minor: number;
  currency: string;
  state: ProposalState;
  decline_reason: string | null;
  created_at: string;
};
export type ProposalMilestoneRow = {
  proposal_id: string;
  position: number;
  title: string;
  amount_minor: number;
  due_at: string;
};
export type ContractRow = {
  id: string;
  workflow_id: string;
  client_id: string;
  freelancer_id: string;
  title: string;
  currency: string;
  billing: "FIXED" | "HOURLY";
  hourly_rate_minor: number | null;
  weekly_limit_minutes: number | null;
  platform_fee_bps: number;
  state: "completed";
  completed_at: string;
  job_id: string;
  created_at: string;
};
export type MilestoneRow = {
  id: string;
  contract_id: string;
  position: number;
  title: string;
  amount_minor: number;
  due_at: string;
  state: "approved" | "refunded";
  submitted_at: string;
  updated_at: string;
};
export type ReviewRow = {
  id: string;
  contract_id: string;
  author_id: string;
  subject_id: string;
  rating: number;
  body: string;
  created_at: string;
};

/** The freelancer as a proposal needs them: id, name and skill names for the cover letter. */
export type Bidder = { id: string; name: string; skillNames: string[]; rateMinor: number };

const day = 24 * 3600 * 1000;
const iso = (ms: number): string => new Date(ms).toISOString();

function bidOf(random: Random, job: PlannedJob, bidder: Bidder): number {
  const { budget_min_minor: min, budget_max_minor: max } = job.row;
  const target = job.row.billing === "HOURLY" ? bidder.rateMinor : min + random.next() * (max - min);
  // Some bid a little under or over the range, as people do.
  const bid = Math.min(Math.max(target, min * 0.8), max * 1.15) * (0.9 + random.next() * 0.2);
  return Math.max(100, Math.round(bid / 500) * 500);
}

function coverSlots(random: Random, job: PlannedJob, bidder: Bidder): Record<string, string> {
  return {
    name: bidder.name.split(" ")[0] ?? bidder.name,
    skill: job.skills[0]?.name ?? bidder.skillNames[0] ?? "",
    skill2: bidder.skillNames[0] ?? job.skills[1]?.name ?? "",
    thing: job.row.title.toLowerCase().includes("app") ? "app" : "project",
    weeks: String(random.int(2, 10)),
  };
}

export function makeProposal(
  random: Random,
  job: PlannedJob,
  bidder: Bidder,
  spec: { id: string; state: ProposalState; now: number },
): { proposal: ProposalRow; milestones: ProposalMilestoneRow[] } {
  const slots = coverSlots(random, job, bidder);
  const published = Date.parse(job.row.published_at ?? job.row.created_at);
  const created = published + random.next() * Math.min(spec.now - published, 10 * day);
  const bid = bidOf(random, job, bidder);
  const proposal: ProposalRow = {
    id: spec.id,
    job_id: job.row.id,
    freelancer_id: bidder.id,
    cover_letter: [coverOpenings, coverMiddles, coverMiddles, coverClosings]
      .map((options) => fill(random.pick(options), slots))
      .filter((sentence, i, all) => all.indexOf(sentence) === i)
      .join(" "),
    bid_minor: bid,
    currency: job.row.currency,
    state: spec.state,
    decline_reason: spec.state === "DECLINED" ? random.pick(declineReasons) : null,
    created_at: iso(created),
  };
  return {
    proposal,
    milestones: job.row.billing === "FIXED" ? plannedMilestones(random, job, proposal) : [],
  };
}

function plannedMilestones(random: Random, job: PlannedJob, proposal: ProposalRow): ProposalMilestoneRow[] {
  const titles = milestoneTitlesOf(
    random,
    job.row.category,
    proposal.bid_minor < 100_000 ? 1 : random.int(2, 3),
  );
  const share = Math.floor(proposal.bid_minor / titles.length / 100) * 100;
  return titles.map((title, position) => ({
    proposal_id: proposal.id,
    position,
    title,
    // The last milestone takes the rounding, so the milestones add up to the bid.
    amount_minor: position === titles.length - 1 ? proposal.bid_minor - share * position : share,
    due_at: iso(Date.parse(proposal.created_at) + (position + 1) * random.int(7, 14) * day),
  }));
}

export type Hire = { contract: ContractRow; milestones: MilestoneRow[]; reviews: ReviewRow[] };

/** The contract of a filled job, completed some time ago, and the parties' reviews of each other. */
export function makeHire(
  random: Random,
  job: PlannedJob,
  hired: { proposal: ProposalRow; milestones: ProposalMilestoneRow[]; bidder: Bidder },
  spec: { key: string; now: number; clientName: string; reviewId: (author: string) => string },
): Hire {
  const start = Date.parse(hired.proposal.created_at) + random.int(1, 3) * day;
  const span = Math.max(day, (spec.now - start - 2 * day) * (0.4 + random.next() * 0.5));
  const id = `seed-${spec.key}`;
  const lostDispute = hired.milestones.length > 1 && random.chance(0.05);
  const milestones = hired.milestones.map((m, position): MilestoneRow => {
    const due = start + (span * (position + 1)) / hired.milestones.length;
    const late = random.chance(0.18);
    const submitted = Math.min(due + (late ? random.next() * 3 : -random.next() * 2) * day, spec.now - day);
    const refunded = lostDispute && position === hired.milestones.length - 1;
    return {
      id: `${id}-m${position + 1}`,
      contract_id: id,
      position,
      title: m.title,
      amount_minor: m.amount_minor,
      due_at: iso(due),
      state: refunded ? "refunded" : "approved",
      submitted_at: iso(submitted),
      updated_at: iso(submitted + day / 2),
    };
  });
  // Hourly contracts have no milestones: they end when the work does.
  const finished =
    milestones.length === 0 ? start + span : Math.max(...milestones.map((m) => Date.parse(m.submitted_at)));
  const completed = Math.min(finished + random.next() * 2 * day, spec.now - 3600_000);
  const contract: ContractRow = {
    id,
    workflow_id: `contract-${id}`,
    client_id: job.row.client_id,
    freelancer_id: hired.bidder.id,
    title: job.row.title,
    currency: job.row.currency,
    billing: job.row.billing,
    hourly_rate_minor: job.row.billing === "HOURLY" ? hired.proposal.bid_minor : null,
    weekly_limit_minutes: job.row.billing === "HOURLY" ? random.pick([600, 1200, 2400]) : null,
    platform_fee_bps: 1000,
    state: "completed",
    completed_at: iso(completed),
    job_id: job.row.id,
    created_at: iso(start),
  };
  return { contract, milestones, reviews: reviewsOf(random, { job, contract, hired, spec, lostDispute }) };
}

const ratings = [
  [5, 55],
  [4, 30],
  [3, 10],
  [2, 4],
  [1, 1],
] as const;

function reviewsOf(
  random: Random,
  deal: {
    job: PlannedJob;
    contract: ContractRow;
    hired: { bidder: Bidder };
    spec: { now: number; clientName: string; reviewId: (author: string) => string };
    lostDispute: boolean;
  },
): ReviewRow[] {
  const { contract, hired, spec } = deal;
  const slots = {
    freelancer: hired.bidder.name.split(" ")[0] ?? hired.bidder.name,
    client: spec.clientName,
    skill: deal.job.skills[0]?.name ?? "",
    thing: "project",
  };
  const completed = Date.parse(contract.completed_at);
  const at = (): string => iso(Math.min(completed + random.next() * 5 * day, spec.now - 60_000));
  const reviews: ReviewRow[] = [];
  const parties = [
    [contract.client_id, contract.freelancer_id, freelancerReviews, 0.9],
    [contract.freelancer_id, contract.client_id, clientReviews, 0.75],
  ] as const;
  for (const [author, subject, texts, probability] of parties) {
    if (!random.chance(probability)) continue;
    const rating =
      deal.lostDispute && author === contract.client_id ? random.int(1, 2) : random.weighted(ratings);
    const body = fill(random.pick(texts[rating] ?? texts[5] ?? [""]), slots);
    reviews.push({
      id: spec.reviewId(author),
      contract_id: contract.id,
      author_id: author,
      subject_id: subject,
      rating,
      body,
      created_at: at(),
    });
  }
  return reviews;
}

/** What became of a proposal, given what became of its job; on a filled job the first bidder was hired. */
export function proposalStateOf(random: Random, job: JobState, position: number): ProposalState {
  if (job === "FILLED") return position === 0 ? "HIRED" : random.chance(0.6) ? "DECLINED" : "ARCHIVED";
  if (job === "CLOSED") {
    return random.weighted([
      ["SUBMITTED", 3],
      ["DECLINED", 3],
      ["WITHDRAWN", 1],
    ] as const);
  }
  return random.weighted([
    ["SUBMITTED", 70],
    ["SHORTLISTED", 12],
    ["ARCHIVED", 8],
    ["DECLINED", 5],
    ["WITHDRAWN", 5],
  ] as const);
}
