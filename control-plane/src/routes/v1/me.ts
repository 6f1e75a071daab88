import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { userOf } from "../../access.js";
import { loadProfile } from "../../accounts/profile.js";
import { unauthenticated } from "../../errors/index.js";
import { problemSchema } from "../../errors/problem-schema.js";
import { profileSchema } from "./account-schemas.js";

/** The signed-in user's own account, read from the database rather than the token. */
export async function meRoutes(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    "/v1/me",
    {
      config: { access: { roles: "any" } },
      schema: {
        tags: ["account"],
        summary: "The signed-in user's profile",
        security: [{ bearer: [] }],
        response: { 200: profileSchema, 401: problemSchema },
      },
    },
    async (request) => {
      const user = userOf(request);
      if (!user) throw unauthenticated();
      return loadProfile(app.pg, user.userId);
    },
  );
  return Promise.resolve();
}
