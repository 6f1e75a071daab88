import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { ControlPlaneConfig } from "../../config.js";

/**
 * Limits per minute in Redis, shared by every replica: public routes by IP, signed-in callers by user id, and
 * anything else at the default; routes may set a stricter `config.rateLimit` (login does). Counted after the
 * principal is known (preHandler), with Retry-After and RateLimit-* headers.
 */
async function rateLimitPlugin(app: FastifyInstance, config: ControlPlaneConfig): Promise<void> {
  const limitFor = (request: FastifyRequest): number => {
    if (request.principal?.kind === "user") return config.RATE_LIMIT_AUTHENTICATED_PER_MINUTE;
    const access = request.routeOptions.config.access;
    return access && "public" in access
      ? config.RATE_LIMIT_PUBLIC_PER_MINUTE
      : config.RATE_LIMIT_DEFAULT_PER_MINUTE;
  };
  await app.register(rateLimit, {
    global: true,
    hook: "preHandler",
    redis: app.redis,
    nameSpace: "skillpod:rate-limit:",
    timeWindow: 60_000,
    max: (request) => limitFor(request),
    keyGenerator: (request) =>
      request.principal?.kind === "user" ? `user:${request.principal.userId}` : `ip:${request.ip}`,
    enableDraftSpec: true,
    addHeadersOnExceeding: {
      "x-ratelimit-limit": true,
      "x-ratelimit-remaining": true,
      "x-ratelimit-reset": true,
    },
  });
}

export const rateLimits = fp(rateLimitPlugin, { name: "rate-limits", dependencies: ["redis"] });
