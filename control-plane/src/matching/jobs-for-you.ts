import { Prisma, type PrismaClient } from "../database.js";
import type { ContractBilling, JobDuration } from "../generated/prisma/enums.js";
import { deliveryRecordsOf, emptyDeliveryRecord } from "../profiles/index.js";
import { skillNamesOf } from "../skills/index.js";
import { freelancerFactsOf } from "./freelancers.js";
import { scoreMatch, topMatches } from "./score.js";
import type { Match, MatchFreelancer, MatchJob } from "./types.js";

/** How many jobs are scored for a freelancer: the newest open public jobs sharing a skill with them. */
export const jobCandidates = 300;

export type JobFacts = MatchJob & { id: string; title: string; category: string; publishedAt: Date | null };
export type JobMatch = { job: JobFacts; match: Match };

type Row = {
  id: string;
  title: string;
  category: string;
  skill_ids: string[];
  billing: ContractBilling;
  currency: string;
  budget_min_minor: bigint | number;
  budget_max_minor: bigint | number;
  duration: JobDuration;
  published_at: Date | null;
};

/**
 * Candidates in SQL, bounded: OPEN PUBLIC jobs whose skills overlap the freelancer's (jobs_skill_ids_idx,
 * or jobs_state_published_idx walked newest first when the skills are common), newest first, leaving out
 * the freelancer's own jobs and jobs they already sent a proposal for.
 */
async function candidatesFor(
  db: PrismaClient,
  freelancerId: string,
  skillIds: string[],
): Promise<JobFacts[]> {
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`
    SELECT j.id::text, j.title, j.category, j.skill_ids, j.billing, j.currency, j.budget_min_minor,
      j.budget_max_minor, j.duration, j.published_at
    FROM jobs j
    WHERE j.state = 'OPEN' AND j.visibility = 'PUBLIC' AND j.skill_ids && ${skillIds}::text[]
      AND j.client_id <> ${freelancerId}::uuid
      AND NOT EXISTS (SELECT FROM proposals p WHERE p.job_id = j.id AND p.freelancer_id = ${freelancerId}::uuid)
    ORDER BY j.published_at DESC, j.id DESC LIMIT ${jobCandidates}`);
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    category: row.category,
    skillIds: row.skill_ids,
    billing: row.billing,
    currency: row.currency,
    budgetMinMinor: Number(row.budget_min_minor),
    budgetMaxMinor: Number(row.budget_max_minor),
    duration: row.duration,
    publishedAt: row.published_at,
  }));
}

async function freelancerOf(db: PrismaClient, freelancerId: string): Promise<MatchFreelancer | undefined> {
  const [facts, records] = await Promise.all([
    freelancerFactsOf(db, [freelancerId]),
    deliveryRecordsOf(db, [freelancerId]),
  ]);
  const me = facts.get(freelancerId);
  return me && { ...me, record: records.get(freelancerId) ?? emptyDeliveryRecord };
}

/**
 * "Jobs for you": the best open public jobs for a freelancer, each with the parts of the score and why.
 * Scoring is in memory over the bounded candidates; skill names are read only for the jobs returned.
 */
export async function jobsForFreelancer(
  db: PrismaClient,
  freelancerId: string,
  limit: number,
): Promise<JobMatch[]> {
  const freelancer = await freelancerOf(db, freelancerId);
  const skillIds = Object.keys(freelancer?.skillLevels ?? {});
  if (!freelancer || skillIds.length === 0) return [];
  const candidates = await candidatesFor(db, freelancerId, skillIds);
  const top = topMatches(
    candidates.map((job) => ({ job, match: scoreMatch(job, freelancer) })),
    limit,
  );
  const names = await skillNamesOf(db, [...new Set(top.flatMap(({ job }) => job.skillIds))]);
  return top.map(({ job }) => ({ job, match: scoreMatch(job, freelancer, names) }));
}
