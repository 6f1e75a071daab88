import type { ControlPlaneConfig } from "../../config.js";
import { problemSchema } from "../../errors/problem-schema.js";
import {
  jobsForFreelancer,
  matchesForJob,
  type FreelancerMatch,
  type JobMatch,
} from "../../matching/index.js";
import { ownedJob } from "../../proposals/index.js";
import {
  freelancerMatchesSchema,
  jobsForYouSchema,
  matchLimitQuery,
  type FreelancerMatchItem,
  type JobMatchItem,
} from "./matching-schemas.js";
import { jobIdParams, limitOf } from "./proposal-schemas.js";
import { type TypedApp, bearer, callerId } from "./typed-app.js";

const tags = ["matching"];

function freelancerItem({ freelancer, match }: FreelancerMatch): FreelancerMatchItem {
  const rate = freelancer.hourlyRateMinor;
  return {
    freelancer: {
      userId: freelancer.userId,
      handle: freelancer.handle,
      displayName: freelancer.displayName,
      headline: freelancer.headline,
      hourlyRate: rate === null ? null : { amountMinor: rate, currency: freelancer.currency },
      availability: freelancer.availability,
      skillIds: Object.keys(freelancer.skillLevels),
    },
    ...match,
  };
}

function jobItem({ job, match }: JobMatch): JobMatchItem {
  return {
    job: {
      id: job.id,
      title: job.title,
      category: job.category,
      skillIds: job.skillIds,
      billing: job.billing,
      budget: { minMinor: job.budgetMinMinor, maxMinor: job.budgetMaxMinor, currency: job.currency },
      duration: job.duration,
      publishedAt: job.publishedAt?.toISOString() ?? null,
    },
    ...match,
  };
}

/** Explainable matching (src/matching/): every score comes with its named parts and a reason for each. */
export async function matchingRoutes(app: TypedApp, config: ControlPlaneConfig): Promise<void> {
  app.get(
    "/v1/jobs/:jobId/matches",
    {
      config: { access: { roles: ["client"] } },
      schema: {
        tags,
        summary: "The best freelancers for a job (its owner only), each score with its parts and why",
        security: bearer,
        params: jobIdParams,
        querystring: matchLimitQuery,
        response: {
          200: freelancerMatchesSchema,
          400: problemSchema,
          401: problemSchema,
          403: problemSchema,
          404: problemSchema,
        },
      },
    },
    async (request) => {
      const limit = limitOf(request.query.limit, 50);
      const job = await ownedJob(app.prisma, callerId(request), request.params.jobId);
      const matches = await matchesForJob(app.prisma, job, limit, config.REVIEW_WINDOW_SECONDS);
      return { jobId: job.id, items: matches.map(freelancerItem) };
    },
  );

  app.get(
    "/v1/me/jobs-for-you",
    {
      config: { access: { roles: ["freelancer"] } },
      schema: {
        tags,
        summary: "Jobs for you: the best open public jobs for the caller, each score with its parts and why",
        security: bearer,
        querystring: matchLimitQuery,
        response: { 200: jobsForYouSchema, 400: problemSchema, 401: problemSchema, 403: problemSchema },
      },
    },
    async (request) => ({
      items: (
        await jobsForFreelancer(
          app.prisma,
          callerId(request),
          limitOf(request.query.limit, 50),
          config.REVIEW_WINDOW_SECONDS,
        )
      ).map(jobItem),
    }),
  );
  return Promise.resolve();
}
