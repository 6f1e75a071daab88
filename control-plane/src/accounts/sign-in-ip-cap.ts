import type { FastifyReply, FastifyRequest } from "fastify";
import type { Redis } from "ioredis";
import type { ControlPlaneConfig } from "../config.js";
import { SkpError } from "../errors/index.js";

const windowMs = 60_000;

export type SignInIpCap = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/**
 * Sign-ins and registrations per address across all accounts (ASVS 2.2.1): the per-account login limit
 * cannot see one address trying a leaked list, one email each. Counted in Redis in fixed one-minute windows
 * under the rate limits' namespace, so every replica shares the count. Every attempt counts, successful or
 * not: a stuffing run succeeds now and then, and its successes must not buy it more tries. Platform
 * services are exempt, as from every rate limit.
 */
export function signInIpCap(
  redis: Redis,
  config: Pick<ControlPlaneConfig, "RATE_LIMIT_NAMESPACE" | "RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE">,
): SignInIpCap {
  const limit = config.RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE;
  return async (request, reply) => {
    if (request.principal?.kind === "service") return;
    const key = `${config.RATE_LIMIT_NAMESPACE}sign-in:ip:${request.ip}`;
    const results = await redis.multi().incr(key).pexpire(key, windowMs, "NX").pttl(key).exec();
    const [count, ttl] = [Number(results?.[0]?.[1]), Number(results?.[2]?.[1])];
    if (!Number.isFinite(count)) throw new Error("Redis answered no sign-in count");
    if (count <= limit) return;
    const retryAfter = Math.max(1, Math.ceil((ttl > 0 ? ttl : windowMs) / 1000));
    void reply.headers({
      "retry-after": String(retryAfter),
      "ratelimit-limit": String(limit),
      "ratelimit-remaining": "0",
      "ratelimit-reset": String(retryAfter),
    });
    throw new SkpError("SKP_RATE_LIMITED", 429, "Too many requests; retry later", { retryAfter });
  };
}
