import type { FastifyInstance } from "fastify";

/** Routes of the saved-searches capability (src/saved-searches/); filled in by the marketplace issue. */
export async function savedSearchesRoutes(_app: FastifyInstance): Promise<void> {
  return Promise.resolve();
}
