import type { FastifyInstance } from "fastify";

/** Routes of the reviews capability (src/reviews/); filled in by the marketplace issue. */
export async function reviewsRoutes(_app: FastifyInstance): Promise<void> {
  return Promise.resolve();
}
