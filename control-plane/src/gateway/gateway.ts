// The session gateway: its clients (Redis, PostgreSQL, Kubernetes), its parts (admission, sessions,
// revocation, activity, audit) and its HTTP server, with one start and one drain-then-close.
import { loadKubeConfig, type PooledKubeConfig } from "@skillpod/kube-client";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { Redis } from "ioredis";
import { randomUUID } from "node:crypto";
import type pg from "pg";
import { pino, type DestinationStream, type Logger } from "pino";
import { AuditWriter } from "../audit/writer.js";
import { PrismaClient } from "../database.js";
import { desktopModeFor } from "../desktop-sessions/index.js";
import { SkpError, sendNotFound, sendProblem } from "../errors/index.js";
import { createPool, createPostgresAdapter } from "../postgres-adapter.js";
import { isFrozen } from "../workspaces/index.js";
import { traceIdOf } from "../telemetry.js";
import { ActivityRecorder, annotationWriter } from "./activity.js";
import { Admission, type CapacityProblem } from "./admission.js";
import { gatewayCloseCodes } from "./close-codes.js";
import { desktopRoute } from "./desktop-route.js";
import type { SessionLimits } from "./session-options.js";
import { DesktopTargets } from "./desktop-target.js";
import type { GatewayConfig } from "./gateway-config.js";
import { createGatewayMetrics, type GatewayMetrics } from "./gateway-metrics.js";
import { HandshakeGate } from "./handshake-gate.js";
import { gatewayHealthRoutes } from "./health-routes.js";
import { Revocation } from "./revocation.js";
import { SessionAudit } from "./session-audit.js";
import { SessionRegistry } from "./session-registry.js";
import { SkillPodWatch } from "./skillpod-watch.js";
import { viewerRoute } from "./viewer-route.js";

export type GatewayOptions = {
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: DestinationStream;
};

type Clients = { redis: Redis; pool: pg.Pool; prisma: PrismaClient; kubeConfig: PooledKubeConfig };

function clientsOf(config: GatewayConfig, log: Logger): Clients {
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: 2 });
  redis.on("error", (error: Error) => log.warn({ err: error }, "Redis connection failed"));
  const pool = createPool(config.APP_DATABASE_URL);
  pool.on("error", (error: Error) => log.warn({ err: error }, "An idle PostgreSQL connection failed"));
  const prisma = new PrismaClient({ adapter: createPostgresAdapter(config.APP_DATABASE_URL, pool) });
  const kubeConfig = loadKubeConfig(config.KUBECONFIG, config.KUBERNETES_SERVICE_HOST);
  return { redis, pool, prisma, kubeConfig };
}

function limitsOf(config: GatewayConfig): SessionLimits {
  return {
    handshakeTimeoutMs: config.GATEWAY_HANDSHAKE_TIMEOUT_MS,
    upstreamTimeoutMs: config.GATEWAY_UPSTREAM_TIMEOUT_MS,
    highWaterBytes: config.GATEWAY_HIGH_WATER_BYTES,
    maxMessageBytes: config.GATEWAY_MAX_MESSAGE_BYTES,
    pingMs: config.GATEWAY_PING_SECONDS * 1000,
  };
}

export class Gateway {
  readonly app: FastifyInstance;
  readonly log: Logger;
  readonly metrics: GatewayMetrics;
  readonly registry = new SessionRegistry();
  readonly #config: GatewayConfig;
  readonly #clients: Clients;
  readonly #skillPods: SkillPodWatch;
  readonly #revocation: Revocation;
  readonly #audit: SessionAudit;
  #draining = false;

  private constructor(config: GatewayConfig, options: GatewayOptions) {
    this.#config = config;
    this.log = pino({ level: config.LOG_LEVEL, mixin: () => ({ traceId: traceIdOf() }) }, options.logStream);
    this.#clients = clientsOf(config, this.log);
    this.metrics = createGatewayMetrics();
    this.#skillPods = new SkillPodWatch(this.#clients.kubeConfig, this.log);
    this.#audit = new SessionAudit(new AuditWriter(this.#clients.prisma), this.log, this.metrics);
    this.#revocation = new Revocation({
      registry: this.registry,
      skillPods: this.#skillPods,
      accessOf: (skillPod, userId) => desktopModeFor(this.#clients.pool, skillPod, userId),
      frozen: (skillPod) => isFrozen(this.#clients.pool, skillPod),
      intervalMs: config.GATEWAY_REVOCATION_CHECK_MS,
      log: this.log,
    });
    // Typed as Fastify's base logger so the instance has Fastify's default type (plugins expect it).
    const loggerInstance: FastifyBaseLogger = this.log;
    this.app = Fastify({
      loggerInstance,
      genReqId: () => randomUUID(),
      requestIdHeader: "x-request-id",
      trustProxy: false,
    });
    this.app.setErrorHandler(sendProblem);
    this.app.setNotFoundHandler(sendNotFound);
  }

  /** Builds the gateway and its routes; `start` then watches SkillPods and listens. */
  static async build(config: GatewayConfig, options: GatewayOptions = {}): Promise<Gateway> {
    const gateway = new Gateway(config, options);
    await gateway.#routes();
    return gateway;
  }

  get draining(): boolean {
    return this.#draining;
  }

  async #routes(): Promise<void> {
    const { redis, pool, kubeConfig } = this.#clients;
    await this.app.register(gatewayHealthRoutes, {
      redis,
      db: pool,
      kubeConfig,
      metrics: this.metrics.registry,
      watching: () => this.#skillPods.synced,
      draining: () => this.#draining,
      timeoutMs: this.#config.READINESS_TIMEOUT_MS,
    });
    const admission = new Admission({
      redis,
      db: pool,
      skillPods: this.#skillPods,
      targets: new DesktopTargets(kubeConfig),
      metrics: this.metrics,
      audit: this.#audit,
      capacityProblem: () => this.#capacityProblem(),
    });
    const activity = new ActivityRecorder({
      redis,
      write: annotationWriter(kubeConfig),
      intervalMs: this.#config.GATEWAY_ACTIVITY_INTERVAL_SECONDS * 1000,
      log: this.log,
      metrics: this.metrics,
    });
    await this.app.register(desktopRoute, {
      admission,
      registry: this.registry,
      metrics: this.metrics,
      audit: this.#audit,
      activity,
      limits: limitsOf(this.#config),
      handshakes: new HandshakeGate(this.#config.GATEWAY_UPSTREAM_HANDSHAKES_PER_DESKTOP),
      log: this.log,
    });
    await this.app.register(viewerRoute);
  }

  #capacityProblem(): CapacityProblem | undefined {
    if (this.#draining) {
      return {
        reason: "draining",
        error: new SkpError("SKP_GATEWAY_DRAINING", 503, "This gateway is shutting down; retry"),
      };
    }
    if (this.registry.size >= this.#config.GATEWAY_MAX_SESSIONS) {
      return {
        reason: "full",
        error: new SkpError("SKP_GATEWAY_FULL", 503, "This gateway has no room for another session; retry"),
      };
    }
    return undefined;
  }

  /** Watches SkillPods (the first list must succeed) and listens; resolves with the bound address. */
  async start(): Promise<string> {
    await this.#skillPods.start();
    this.#revocation.start();
    return this.app.listen({ host: this.#config.GATEWAY_HOST, port: this.#config.GATEWAY_PORT });
  }

  /**
   * Stops taking new sessions (/readyz turns 503, upgrades are refused), gives open sessions `graceMs` to end
   * on their own, then closes the rest with 1001 so their browsers reconnect through another replica.
   */
  async drain(graceMs: number): Promise<void> {
    this.#draining = true;
    this.log.info({ sessions: this.registry.size }, "Draining desktop sessions");
    await this.registry.emptied(graceMs);
    for (const session of this.registry.all()) {
      session.end({ code: gatewayCloseCodes.goingAway, reason: "The gateway is shutting down; reconnect" });
    }
  }

  /** After a drain: closes the server, then the clients once the last audit writes are in. */
  async close(): Promise<void> {
    this.#revocation.stop();
    await this.#skillPods.stop();
    await this.app.close();
    await this.#audit.flush();
    const { redis, pool, prisma, kubeConfig } = this.#clients;
    await prisma.$disconnect();
    await pool.end();
    await redis.quit().catch(() => redis.disconnect());
    kubeConfig.destroyAgents();
  }
}
