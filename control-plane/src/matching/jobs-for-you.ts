import { Prisma, type PrismaClient } from "../database.js";
import type { ContractBilling, JobDuration } from "../generated/prisma/enums.js";
import { deliveryRecordsOf, emptyDeliveryRecord } from "../profiles/index.js";
import { freelancerFactsOf } from "./freelancers.js";
import { best, matchScore, scoreMatch } from "./score.js";
import { cachedSkillNames } from "./skill-names.js";
import type { Match, MatchFreelancer, MatchJob } from "./types.js";

/** How many jobs are scored for a freelancer: the newest open public jobs sharing a skill with them. */
export const jobCandidates = 300;

export type JobFacts = MatchJob & { id: string; title: string; category: string; publishedAt: Date | null };
export type JobMatch = { job: JobFacts; match: Match };

type Row = {
  id: string;
  title: string;
  category: string;
  skillIds: string[];
  billing: ContractBilling;
  currency: string;
  budgetMinMinor: number;
  budgetMaxMinor: number;
  duration: JobDuration;
  publishedAt: string | null;
};

/**
 * Candidates in SQL, bounded: OPEN PUBLIC jobs whose skills overlap the freelancer's (jobs_skill_ids_idx,
 * or jobs_state_published_idx walked newest first when the skills are common), newest first, leaving out
 * the freelancer's own jobs and jobs they already sent a proposal for. The rows come back as one JSON
 * value: the driver's per-value conversions cost more than the query for a few hundred rows.
 */
async function candidatesFor(
  db: PrismaClient,
  freelancerId: string,
  skillIds: string[],
): Promise<JobFacts[]> {
  const [result] = await db.$queryRaw<{ jobs: Row[] | null }[]>(Prisma.sql`
    SELECT json_agg(json_build_object('id', j.id, 'title', j.title, 'category', j.category,
      'skillIds', j.skill_ids, 'billing', j.billing, 'currency', j.currency, 'budgetMinMinor', j.budget_min_minor,
      'budgetMaxMinor', j.budget_max_minor, 'duration', j.duration, 'publishedAt', j.published_at)
      ORDER BY j.published_at DESC, j.id DESC) AS jobs
    FROM (
      SELECT * FROM jobs j
      WHERE j.state = 'OPEN' AND j.visibility = 'PUBLIC' AND j.skill_ids && ${skillIds}::text[]
        AND j.client_id <> ${freelancerId}::uuid
        AND NOT EXISTS (SELECT FROM proposals p WHERE p.job_id = j.id AND p.freelancer_id = ${freelancerId}::uuid)
      ORDER BY j.published_at DESC, j.id DESC LIMIT ${jobCandidates}) j`);
  return (result?.jobs ?? []).map((row) => ({
    ...row,
    publishedAt: row.publishedAt === null ? null : new Date(row.publishedAt),
  }));
}

async function freelancerOf(
  db: PrismaClient,
  freelancerId: string,
  reviewWindowSeconds: number,
): Promise<MatchFreelancer | undefined> {
  const [facts, records] = await Promise.all([
    freelancerFactsOf(db, [freelancerId]),
    deliveryRecordsOf(db, [freelancerId], { reviewWindowSeconds }),
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
  reviewWindowSeconds: number,
): Promise<JobMatch[]> {
  const freelancer = await freelancerOf(db, freelancerId, reviewWindowSeconds);
  const skillIds = Object.keys(freelancer?.skillLevels ?? {});
  if (!freelancer || skillIds.length === 0) return [];
  const candidates = await candidatesFor(db, freelancerId, skillIds);
  const top = best(candidates, (job) => matchScore(job, freelancer), limit);
  const names = await cachedSkillNames(db, [...new Set(top.flatMap((job) => job.skillIds))]);
  return top.map((job) => ({ job, match: scoreMatch(job, freelancer, names) }));
}
