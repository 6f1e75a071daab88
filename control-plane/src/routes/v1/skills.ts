import type { FastifyInstance } from "fastify";

/** Routes of the skills capability (src/skills/); filled in by the marketplace issue. */
export async function skillsRoutes(_app: FastifyInstance): Promise<void> {
  return Promise.resolve();
}
