import type { FastifyInstance } from "fastify";
import { checkReadiness, dependencyChecks } from "../readiness.js";
import type { ControlPlaneConfig } from "../config.js";

const checkSchema = {
  type: "object",
  properties: { ok: { type: "boolean" }, ms: { type: "number" }, error: { type: "string" } },
} as const;

/** Liveness, readiness (every dependency, named) and Prometheus metrics. */
export async function healthRoutes(app: FastifyInstance, config: ControlPlaneConfig): Promise<void> {
  const checks = dependencyChecks({
    prisma: app.prisma,
    redis: app.redis,
    temporalAddress: config.TEMPORAL_ADDRESS,
    ...(config.KUBECONFIG ? { kubeconfig: config.KUBECONFIG } : {}),
    ...(config.KUBERNETES_SERVICE_HOST ? { inCluster: config.KUBERNETES_SERVICE_HOST } : {}),
  });
  const publicRoute = { access: { public: true as const }, rateLimit: false as const };

  app.get(
    "/healthz",
    {
      config: publicRoute,
      schema: {
        tags: ["health"],
        response: { 200: { type: "object", properties: { status: { type: "string" } } } },
      },
    },
    () => ({ status: "ok" }),
  );

  app.get(
    "/readyz",
    {
      config: publicRoute,
      schema: {
        tags: ["health"],
        response: {
          200: {
            type: "object",
            properties: {
              ready: { type: "boolean" },
              checks: { type: "object", additionalProperties: checkSchema },
            },
          },
          503: {
            type: "object",
            properties: {
              ready: { type: "boolean" },
              checks: { type: "object", additionalProperties: checkSchema },
            },
          },
        },
      },
    },
    async (_request, reply) => {
      const report = await checkReadiness(checks, config.READINESS_TIMEOUT_MS);
      return reply.code(report.ready ? 200 : 503).send(report);
    },
  );

  app.get("/metrics", { config: publicRoute, schema: { hide: true } }, async (_request, reply) =>
    reply.type(app.metrics.contentType).send(await app.metrics.metrics()),
  );
  return Promise.resolve();
}
