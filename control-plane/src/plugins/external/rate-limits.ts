import rateLimit from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { ControlPlaneConfig } from "../../config.js";

/**
 * Limits per minute in Redis, shared by every replica: public routes by IP, signed-in callers by user id, and
 * anything else at the default; routes may set a stricter `config.rateLimit` (login does). Counted after the
 * principal is known (preHandler), with Retry-After and the draft-spec RateLimit-Limit/-Remaining/-Reset
 * headers (the plugin sends one header family; x-ratelimit-* are not sent alongside).
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
    nameSpace: config.RATE_LIMIT_NAMESPACE,
    timeWindow: 60_000,
    max: (request) => limitFor(request),
    keyGenerator: (request) =>
      request.principal?.kind === "user" ? `user:${request.principal.userId}` : `ip:${request.ip}`,
    // Workflows and the operator all call from a handful of pod addresses: a per-IP budget would throttle the
    // platform itself under load. They hold the internal token, so they are trusted not to flood us.
    allowList: (request) => request.principal?.kind === "service",
    enableDraftSpec: true,
  });
}

export const rateLimits = fp(rateLimitPlugin, { name: "rate-limits", dependencies: ["redis"] });
