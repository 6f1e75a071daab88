import type { FastifyInstance } from "fastify";

/** Routes of the jobs capability (src/jobs/); filled in by the marketplace issue. */
export async function jobsRoutes(_app: FastifyInstance): Promise<void> {
  return Promise.resolve();
}
