import { VersionApi, type KubeConfig } from "@kubernetes/client-node";
import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import type pg from "pg";
import type { Registry } from "prom-client";
import { checkReadiness, type DependencyCheck } from "../readiness.js";

export type HealthDeps = {
  redis: Redis;
  db: pg.Pool;
  kubeConfig: KubeConfig;
  metrics: Registry;
  /** The SkillPod watch has its first list (revocation and admission depend on it). */
  watching: () => boolean;
  /** Draining: the load balancer should stop sending new sessions here. */
  draining: () => boolean;
  timeoutMs: number;
};

function checksOf(deps: HealthDeps): DependencyCheck[] {
  const version = deps.kubeConfig.makeApiClient(VersionApi);
  return [
    { name: "postgres", check: async () => void (await deps.db.query("SELECT 1")) },
    { name: "redis", check: async () => void (await deps.redis.ping()) },
    { name: "kubernetes", check: async () => void (await version.getCode()) },
    {
      name: "skillpod-watch",
      check: () =>
        deps.watching() ? Promise.resolve() : Promise.reject(new Error("the SkillPod watch is not synced")),
    },
    {
      name: "accepting",
      check: () => (deps.draining() ? Promise.reject(new Error("draining")) : Promise.resolve()),
    },
  ];
}

/** Liveness, readiness (every dependency, named) and Prometheus metrics. */
export async function gatewayHealthRoutes(app: FastifyInstance, deps: HealthDeps): Promise<void> {
  const checks = checksOf(deps);
  // Probes and scrapes come every few seconds: their requests are not logged.
  const quiet = { logLevel: "warn" } as const;
  app.get("/healthz", quiet, () => ({ status: "ok" }));
  app.get("/readyz", quiet, async (_request, reply) => {
    const report = await checkReadiness(checks, deps.timeoutMs);
    return reply.code(report.ready ? 200 : 503).send(report);
  });
  app.get("/metrics", quiet, async (_request, reply) =>
    reply.type(deps.metrics.contentType).send(await deps.metrics.metrics()),
  );
  return Promise.resolve();
}
