import type { FastifyInstance } from "fastify";

/** Routes of the search capability (src/search/); filled in by the marketplace issue. */
export async function searchRoutes(_app: FastifyInstance): Promise<void> {
  return Promise.resolve();
}
