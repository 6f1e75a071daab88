import type { FastifyInstance } from "fastify";

/** Routes of the proposals capability (src/proposals/); filled in by the marketplace issue. */
export async function proposalsRoutes(_app: FastifyInstance): Promise<void> {
  return Promise.resolve();
}
