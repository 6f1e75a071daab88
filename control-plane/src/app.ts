import cookie from "@fastify/cookie";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyInstance } from "fastify";
import { randomUUID } from "node:crypto";
import type { DestinationStream } from "pino";
import type { ControlPlaneConfig } from "./config.js";
import { sendNotFound, sendProblem } from "./errors/index.js";
import { access } from "./plugins/app/access.js";
import { audit } from "./plugins/app/audit.js";
import { auth } from "./plugins/app/auth.js";
import { schemaController } from "./plugins/app/schema-compilers.js";
import { prisma, redis } from "./plugins/app/clients.js";
import { httpMetrics } from "./plugins/app/http-metrics.js";
import { methodNotAllowed } from "./plugins/app/method-not-allowed.js";
import { responseDocumentation } from "./plugins/app/response-documentation.js";
import { documentation } from "./plugins/external/documentation.js";
import { rateLimits } from "./plugins/external/rate-limits.js";
import { security } from "./plugins/external/security.js";
import { auditRoutes } from "./routes/audit.js";
import { healthRoutes } from "./routes/health.js";
import { authRoutes } from "./routes/v1/auth.js";
import { meRoutes } from "./routes/v1/me.js";
import { adminRoutes } from "./routes/v1/admin.js";
import { profilesRoutes } from "./routes/v1/profiles.js";
import { skillsRoutes } from "./routes/v1/skills.js";
import { jobsRoutes } from "./routes/v1/jobs.js";
import { searchRoutes } from "./routes/v1/search.js";
import { savedSearchesRoutes } from "./routes/v1/saved-searches.js";
import { proposalsRoutes } from "./routes/v1/proposals.js";
import { matchingRoutes } from "./routes/v1/matching.js";
import { reviewsRoutes } from "./routes/v1/reviews.js";
import { offersRoutes } from "./routes/v1/offers.js";
import { contractsRoutes } from "./routes/v1/contracts.js";
import { contractUsageRoutes } from "./routes/v1/contract-usage.js";
import { contractInvoiceRoutes } from "./routes/v1/contract-invoices.js";
import { walletRoutes } from "./routes/v1/wallet.js";
import { conversationsRoutes } from "./routes/v1/conversations.js";
import { notificationsRoutes } from "./routes/v1/notifications.js";
import { liveRoutes } from "./routes/v1/live.js";
import { workspacesRoutes } from "./routes/v1/workspaces.js";
import { skillPodClassesRoutes } from "./routes/v1/skillpod-classes.js";
import { workspaceDesktopSessionsRoutes } from "./routes/v1/workspaces-desktop-sessions.js";
import { kube } from "./plugins/app/kube.js";
import { temporal } from "./plugins/app/temporal.js";
import { notices } from "./plugins/app/notices.js";
import { livePublisher } from "./plugins/app/live-publisher.js";
import { wellKnownRoutes } from "./routes/well-known.js";
import { traceIdOf } from "./telemetry.js";

export type BuildAppOptions = {
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: DestinationStream;
};

/**
 * Builds the control plane (fastify demo layout): external plugins, app plugins, then routes. Nothing here
 * reads the environment: the config is parsed once by the caller.
 */
export async function buildApp(
  config: ControlPlaneConfig,
  options: BuildAppOptions = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.LOG_LEVEL,
      mixin: () => ({ traceId: traceIdOf() }),
      ...(options.logStream ? { stream: options.logStream } : {}),
    },
    requestIdHeader: "x-request-id",
    genReqId: () => randomUUID(),
    bodyLimit: 1_048_576,
    // A path parameter longer than this is the router's 414, before any schema: keep it far above every
    // schema's maxLength even percent-encoded (12 characters per code point), so an over-long or malformed
    // id is the schema's documented 400. The request line stays bounded by Node's header limit.
    routerOptions: { maxParamLength: 4096 },
    trustProxy: config.TRUSTED_PROXIES.length > 0 ? config.TRUSTED_PROXIES : false,
    // Undecodable URLs fail in the router, before the error handler: answer them as problem+json too.
    frameworkErrors: (error, request, reply) => void sendProblem(error, request, reply),
    ajv: { customOptions: { removeAdditional: false, coerceTypes: "array", allErrors: true } },
    schemaController,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setErrorHandler(sendProblem);
  app.setNotFoundHandler(sendNotFound);
  app.addHook("onSend", async (request, reply) => {
    reply.header("x-request-id", request.id);
  });

  await app.register(security, config);
  await app.register(documentation, config);
  await app.register(cookie);
  await app.register(prisma, config);
  await app.register(redis, config);
  await app.register(temporal, config);
  await app.register(kube, config);
  await app.register(notices, config);
  await app.register(livePublisher, config);
  await app.register(httpMetrics);
  await app.register(auth, config);
  await app.register(access);
  await app.register(audit, config);
  await app.register(rateLimits, config);
  await app.register(responseDocumentation);
  await app.register(methodNotAllowed);

  await app.register(healthRoutes, config);
  await app.register(wellKnownRoutes);
  await app.register(authRoutes, config);
  await app.register(meRoutes, config);
  await app.register(adminRoutes);
  await app.register(auditRoutes);
  await app.register(profilesRoutes, config);
  await app.register(skillsRoutes);
  await app.register(jobsRoutes);
  await app.register(searchRoutes);
  await app.register(savedSearchesRoutes);
  await app.register(proposalsRoutes, config);
  await app.register(matchingRoutes, config);
  await app.register(reviewsRoutes, config);
  await app.register(offersRoutes, config);
  await app.register(contractsRoutes, config);
  await app.register(contractUsageRoutes);
  await app.register(contractInvoiceRoutes);
  await app.register(walletRoutes, config);
  await app.register(conversationsRoutes, config);
  await app.register(notificationsRoutes, config);
  await app.register(liveRoutes, config);
  await app.register(workspacesRoutes);
  await app.register(skillPodClassesRoutes);
  await app.register(workspaceDesktopSessionsRoutes, config);
  return app;
}
