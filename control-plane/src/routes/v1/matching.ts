import type { FastifyInstance } from "fastify";

/** Routes of the matching capability (src/matching/); filled in by the marketplace issue. */
export async function matchingRoutes(_app: FastifyInstance): Promise<void> {
  return Promise.resolve();
}
