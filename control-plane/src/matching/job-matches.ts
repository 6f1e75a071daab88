import { Prisma, type PrismaClient } from "../database.js";
import { deliveryRecordsOf, emptyDeliveryRecord } from "../profiles/index.js";
import type { JobView } from "../jobs/index.js";
import { factsColumns, factsOf, type FactsRow, type FreelancerFacts } from "./freelancers.js";
import { matchJobOf, skillNamesOfJob } from "./job-of.js";
import { best, matchScore, scoreMatch } from "./score.js";
import type { Match, MatchJob } from "./types.js";

/** How many freelancers are scored for a job: the best skill fits, before the other parts weigh in. */
export const freelancerCandidates = 300;

export type FreelancerMatch = { freelancer: FreelancerFacts; match: Match };

/**
 * Candidates in SQL: freelancers holding any of the job's skills, ranked by the sum of their levels in them
 * (freelancer_skills' skill index), available for work, not the job's owner. Twice the bound is ranked so
 * that dropping the unavailable still leaves a full set.
 */
async function candidatesFor(db: PrismaClient, job: MatchJob, ownerId: string): Promise<FreelancerFacts[]> {
  if (job.skillIds.length === 0) return [];
  const rows = await db.$queryRaw<FactsRow[]>(Prisma.sql`
    WITH fit AS (
      SELECT s.user_id, sum(s.level) AS fit FROM freelancer_skills s
      WHERE s.skill_id = ANY(${job.skillIds}::text[]) AND s.user_id <> ${ownerId}::uuid
      GROUP BY s.user_id ORDER BY fit DESC, s.user_id LIMIT ${freelancerCandidates * 2})
    SELECT ${factsColumns}
    FROM fit JOIN freelancer_profiles p ON p.user_id = fit.user_id JOIN users u ON u.id = p.user_id
    WHERE p.availability <> 'NOT_AVAILABLE'
    ORDER BY fit.fit DESC, p.user_id LIMIT ${freelancerCandidates}`);
  return rows.map(factsOf);
}

/** The best freelancers for a job, each with the parts of their score and why. */
export async function matchesForJob(
  db: PrismaClient,
  view: JobView,
  limit: number,
  reviewWindowSeconds: number,
): Promise<FreelancerMatch[]> {
  const job = matchJobOf(view);
  const candidates = await candidatesFor(db, job, view.clientId);
  if (candidates.length === 0) return [];
  const records = await deliveryRecordsOf(
    db,
    candidates.map((c) => c.userId),
    { reviewWindowSeconds },
  );
  const names = skillNamesOfJob(view);
  const withRecords = candidates.map((facts) => ({
    facts,
    freelancer: { ...facts, record: records.get(facts.userId) ?? emptyDeliveryRecord },
  }));
  const top = best(withRecords, ({ freelancer }) => matchScore(job, freelancer), limit);
  return top.map(({ facts, freelancer }) => ({
    freelancer: facts,
    match: scoreMatch(job, freelancer, names),
  }));
}
