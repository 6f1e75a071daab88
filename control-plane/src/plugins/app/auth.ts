import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { timingSafeEqual } from "node:crypto";
import type { Principal } from "../../access.js";
import { AccessTokens } from "../../accounts/access-tokens.js";
import type { ControlPlaneConfig } from "../../config.js";

declare module "fastify" {
  interface FastifyInstance {
    /** Issues and verifies user access tokens; its public key is served as the JWKS. */
    accessTokens: AccessTokens;
  }
}

function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith("Bearer ") ? header.slice(7).trim() : undefined;
}

/** Constant time for a candidate of the secret's length; anything else differs (and is an access token). */
function sameSecret(candidate: string, secret: Buffer): boolean {
  if (Buffer.byteLength(candidate) !== secret.length) return false;
  return timingSafeEqual(Buffer.from(candidate), secret);
}

/**
 * Resolves the caller: platform services present the internal token, users an access token (a JWT the
 * accounts module issued). The token alone decides: roles come from its claims, so a role change takes
 * effect at the next refresh, within ACCESS_TOKEN_TTL_SECONDS.
 */
async function authPlugin(app: FastifyInstance, config: ControlPlaneConfig): Promise<void> {
  const accessTokens = await AccessTokens.create(
    {
      issuer: config.JWT_ISSUER,
      audience: config.JWT_AUDIENCE,
      ttlSeconds: config.ACCESS_TOKEN_TTL_SECONDS,
    },
    config.JWT_PRIVATE_KEY,
  );
  app.decorate("accessTokens", accessTokens);
  const internalToken = Buffer.from(config.INTERNAL_API_TOKEN);
  app.decorate("resolvePrincipal", async (request: FastifyRequest): Promise<Principal | undefined> => {
    const token = bearerOf(request);
    if (!token) return undefined;
    if (sameSecret(token, internalToken)) return { kind: "service", name: "platform" };
    const { userId, email, roles, signInId } = await accessTokens.verify(token);
    return { kind: "user", userId, email, roles, ...(signInId === undefined ? {} : { signInId }) };
  });
}

export const auth = fp(authPlugin, { name: "auth" });
