import type { PrismaClient } from "../database.js";
import { validationFailed } from "../errors/index.js";
import type { Availability } from "../generated/prisma/enums.js";
import {
  freelancerFactsOf,
  matchJobOf,
  matchScore,
  type FreelancerFacts,
  type MatchJob,
} from "../matching/index.js";
import { deliveryRecordsOf, emptyDeliveryRecord, type DeliveryRecord } from "../profiles/index.js";
import { ownedJob } from "./access.js";
import type { Money } from "./rules.js";
import { proposalInclude, proposalView, type ProposalRow, type ProposalView } from "./views.js";

/** What the job's owner weighs proposals by; `differences` names those that are not the same for all. */
export type ComparisonFacts = {
  bid: Money;
  milestoneCount: number;
  lastDueAt: string | null;
  /** Whole days from the proposal's submission to its last due date. */
  durationDays: number | null;
  freelancerRate: Money | null;
  availability: Availability | null;
  /** The job's skills the freelancer has, and those they lack (canonical ids). */
  skillsMatched: string[];
  skillsMissing: string[];
  completedContracts: number;
  onTimeRate: number | null;
  disputesLost: number;
  reviewAverage: number | null;
  reviewCount: number;
  /** The freelancer's match score for the job (see GET /v1/jobs/:jobId/matches for its parts). */
  matchScore: number;
};

export type Comparison = {
  jobId: string;
  proposals: (ProposalView & { facts: ComparisonFacts })[];
  differences: (keyof ComparisonFacts)[];
};

const dayMs = 24 * 3600 * 1000;

function lastDueOf(row: ProposalRow): Date | null {
  const due = row.milestones.flatMap((m) => (m.dueAt ? [m.dueAt.getTime()] : []));
  return due.length === 0 ? null : new Date(Math.max(...due));
}

type FreelancerSide = Pick<
  ComparisonFacts,
  "freelancerRate" | "availability" | "skillsMatched" | "skillsMissing"
>;

function freelancerSide(job: MatchJob, freelancer: FreelancerFacts | undefined): FreelancerSide {
  const levels = freelancer?.skillLevels ?? {};
  const rate = freelancer?.hourlyRateMinor ?? null;
  return {
    freelancerRate: freelancer && rate !== null ? { amountMinor: rate, currency: freelancer.currency } : null,
    availability: freelancer?.availability ?? null,
    skillsMatched: job.skillIds.filter((id) => id in levels),
    skillsMissing: job.skillIds.filter((id) => !(id in levels)),
  };
}

function matchScoreOf(
  job: MatchJob,
  freelancer: FreelancerFacts | undefined,
  record: DeliveryRecord,
): number {
  return freelancer ? matchScore(job, { ...freelancer, record }) : 0;
}

function factsFor(
  row: ProposalRow,
  job: MatchJob,
  freelancer: FreelancerFacts | undefined,
  record: DeliveryRecord,
): ComparisonFacts {
  const lastDue = lastDueOf(row);
  return {
    bid: { amountMinor: Number(row.bidMinor), currency: row.currency },
    milestoneCount: row.milestones.length,
    lastDueAt: lastDue?.toISOString() ?? null,
    durationDays: lastDue ? Math.ceil((lastDue.getTime() - row.createdAt.getTime()) / dayMs) : null,
    ...freelancerSide(job, freelancer),
    ...record,
    matchScore: matchScoreOf(job, freelancer, record),
  };
}

/** The names of the facts whose values are not all the same. */
export function differingFacts(facts: ComparisonFacts[]): (keyof ComparisonFacts)[] {
  const first = facts[0];
  if (!first) return [];
  const keys = Object.keys(first) as (keyof ComparisonFacts)[];
  return keys.filter((key) => new Set(facts.map((f) => JSON.stringify(f[key]))).size > 1);
}

/** Two to four proposals of one job side by side, for its owner, with the facts that differ named. */
export async function compareProposals(
  db: PrismaClient,
  asked: { ownerId: string; jobId: string; ids: string[] },
  reviewWindowSeconds: number,
): Promise<Comparison> {
  const { ownerId, jobId, ids } = asked;
  if (new Set(ids).size !== ids.length)
    throw validationFailed([{ field: "ids", message: "must name each proposal once" }]);
  const job = matchJobOf(await ownedJob(db, ownerId, jobId));
  const rows = await db.proposal.findMany({ where: { id: { in: ids }, jobId }, include: proposalInclude });
  const byId = new Map(rows.map((row) => [row.id, row]));
  const unknown = ids.flatMap((id, i) =>
    byId.has(id) ? [] : [{ field: `ids.${i}`, message: "is not a proposal for this job" }],
  );
  if (unknown.length > 0) throw validationFailed(unknown);
  const ordered = ids.map((id) => byId.get(id) as ProposalRow);
  const authors = ordered.map((row) => row.freelancerId);
  const [profiles, records] = await Promise.all([
    freelancerFactsOf(db, authors),
    deliveryRecordsOf(db, authors, { reviewWindowSeconds }),
  ]);
  const proposals = ordered.map((row) => ({
    ...proposalView(row),
    facts: factsFor(
      row,
      job,
      profiles.get(row.freelancerId),
      records.get(row.freelancerId) ?? emptyDeliveryRecord,
    ),
  }));
  return { jobId, proposals, differences: differingFacts(proposals.map((p) => p.facts)) };
}
