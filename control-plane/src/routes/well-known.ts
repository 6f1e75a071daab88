import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { jwksSchema } from "./v1/account-schemas.js";

/** The public keys that verify access tokens (RFC 7517), for services that check tokens themselves. */
export async function wellKnownRoutes(app: FastifyInstance): Promise<void> {
  app.withTypeProvider<TypeBoxTypeProvider>().get(
    "/.well-known/jwks.json",
    {
      // A static, cheap document that verifiers poll: not worth a rate-limit round trip to Redis.
      config: { access: { public: true }, rateLimit: false },
      schema: {
        tags: ["auth"],
        summary: "JSON Web Key Set of the access-token signing keys",
        response: { 200: jwksSchema },
      },
    },
    async (_request, reply) => {
      void reply.header("cache-control", "public, max-age=300");
      return Promise.resolve(app.accessTokens.jwks());
    },
  );
  return Promise.resolve();
}
