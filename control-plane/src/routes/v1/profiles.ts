import type { FastifyInstance } from "fastify";

/** Routes of the profiles capability (src/profiles/); filled in by the marketplace issue. */
export async function profilesRoutes(_app: FastifyInstance): Promise<void> {
  return Promise.resolve();
}
