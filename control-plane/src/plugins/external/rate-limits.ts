import rateLimit, { type FastifyRateLimitStore, type FastifyRateLimitStoreCtor } from "@fastify/rate-limit";
import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { ControlPlaneConfig } from "../../config.js";
import { SharedCounters, type CountedCallback } from "./shared-counters.js";

type RouteInfo = { routeInfo?: { method?: string; url?: string } };

/** @fastify/rate-limit's store on shared counters, with its Redis store's key layout (route limits apart). */
function storeOn(counters: SharedCounters, nameSpace: string): FastifyRateLimitStoreCtor {
  class SharedCounterStore implements FastifyRateLimitStore {
    readonly #prefix: string;

    constructor(_options: unknown, prefix = nameSpace) {
      this.#prefix = prefix;
    }

    incr(key: string, callback: CountedCallback, timeWindow: number, max: number): void {
      counters.add(this.#prefix + key, timeWindow, max, callback);
    }

    read(key: string, callback: CountedCallback): void {
      counters.read(this.#prefix + key, callback);
    }

    // The plugin passes the route's merged options, with the route under `routeInfo`.
    child(routeOptions: object): FastifyRateLimitStore {
      const { method = "", url = "" } = (routeOptions as RouteInfo).routeInfo ?? {};
      return new SharedCounterStore(undefined, `${this.#prefix}${method}${url}-`);
    }
  }
  return SharedCounterStore;
}

/**
 * Limits per minute in Redis, shared by every replica: public routes by IP, signed-in callers by user id, and
 * anything else at the default; routes may set a stricter `config.rateLimit` (login does). Counted after the
 * principal is known (preHandler), with Retry-After and the draft-spec RateLimit-Limit/-Remaining/-Reset
 * headers (the plugin sends one header family; x-ratelimit-* are not sent alongside). The counters admit up
 * to 1% of a limit locally before Redis has counted it (see SharedCounters): exact below 200 a minute, and
 * across replicas within ⌊limit / 100⌋ − 1 requests per replica and window; a signed-in client's requests
 * then cost no Redis round trip each.
 */
async function rateLimitPlugin(app: FastifyInstance, config: ControlPlaneConfig): Promise<void> {
  const limitFor = (request: FastifyRequest): number => {
    if (request.principal?.kind === "user") return config.RATE_LIMIT_AUTHENTICATED_PER_MINUTE;
    const access = request.routeOptions.config.access;
    return access && "public" in access
      ? config.RATE_LIMIT_PUBLIC_PER_MINUTE
      : config.RATE_LIMIT_DEFAULT_PER_MINUTE;
  };
  const counters = new SharedCounters(app.redis);
  app.addHook("onClose", async () => counters.close());
  await app.register(rateLimit, {
    global: true,
    hook: "preHandler",
    store: storeOn(counters, config.RATE_LIMIT_NAMESPACE),
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
