import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import { timingSafeEqual } from "node:crypto";
import type { Principal } from "../../access.js";
import type { ControlPlaneConfig } from "../../config.js";
import { unauthenticated } from "../../errors/index.js";

function bearerOf(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  return header?.startsWith("Bearer ") ? header.slice(7).trim() : undefined;
}

function sameSecret(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/**
 * Resolves the caller: platform services present the internal token. User access tokens are verified by the
 * accounts module, which replaces `verifyAccessToken`.
 */
async function authPlugin(app: FastifyInstance, config: ControlPlaneConfig): Promise<void> {
  app.decorate("resolvePrincipal", (request: FastifyRequest): Promise<Principal | undefined> => {
    const token = bearerOf(request);
    if (!token) return Promise.resolve(undefined);
    if (sameSecret(token, config.INTERNAL_API_TOKEN))
      return Promise.resolve({ kind: "service", name: "platform" });
    return Promise.reject(unauthenticated("The access token is not valid"));
  });
  return Promise.resolve();
}

export const auth = fp(authPlugin, { name: "auth" });
