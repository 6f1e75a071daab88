// One workers process: a Temporal worker per configured task queue (sharing one connection and one
// workflow bundle), the BullMQ consumers, the usage Schedule, and /healthz, /readyz, /metrics.
import { loadKubeConfig } from "@skillpod/kube-client";
import { startHealthServer } from "@skillpod/probe-server";
import type { SpanExporter } from "@opentelemetry/sdk-trace-base";
import { Client, Connection } from "@temporalio/client";
import { NativeConnection, Worker } from "@temporalio/worker";
import { Queue, type Worker as BullWorker } from "bullmq";
import { Redis } from "ioredis";
import pg from "pg";
import type { Logger } from "pino";
import { createActivities, type ActivityClients } from "./activities.js";
import { startConsumers } from "./bullmq-consumers.js";
import { taskQueueName, type WorkersConfig } from "./config.js";
import { createFailpoints } from "./failpoints.js";
import { createMoneyAuditMetrics, startMoneyAudits, type MoneyAudits } from "./ledger/index.js";
import { NOTIFICATIONS_QUEUE } from "./notifications/index.js";
import { createPaymentProvider } from "./payments/index.js";
import { startWorkersTelemetry, type WorkersTelemetry } from "./telemetry.js";
import { ensureUsageSchedule } from "./usage/index.js";
import { activityMetricsInterceptor, createWorkerMetrics, type WorkerMetrics } from "./worker-metrics.js";
import { bundleWorkflows } from "./workflows-bundle.js";

export type WorkersProcess = {
  port: number;
  /** Resolves when a worker stops on its own (a fatal error); the process should then exit. */
  failed: Promise<Error>;
  stop(): Promise<void>;
};

type Clients = ActivityClients & { redis: Redis; connection: NativeConnection; client: Client };

async function connectClients(
  config: WorkersConfig,
  log: Logger,
  telemetry: WorkersTelemetry,
): Promise<Clients> {
  const pool = new pg.Pool({
    connectionString: config.DATABASE_URL,
    max: 20,
    application_name: "skillpod-workers",
  });
  pool.on("error", (err) => log.error({ err }, "Failed idle database connection"));
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  const connection = await NativeConnection.connect({ address: config.TEMPORAL_ADDRESS });
  const clientConnection = await Connection.connect({ address: config.TEMPORAL_ADDRESS });
  return {
    pool,
    redis,
    connection,
    client: new Client({
      connection: clientConnection,
      namespace: config.TEMPORAL_NAMESPACE,
      plugins: [telemetry.plugin],
    }),
    notifications: new Queue(NOTIFICATIONS_QUEUE, {
      connection: redis,
      prefix: config.WORKERS_BULLMQ_PREFIX,
    }),
    kubeConfig: loadKubeConfig(config.KUBECONFIG, config.KUBERNETES_SERVICE_HOST),
    payments: createPaymentProvider({
      provider: config.PAYMENT_PROVIDER,
      sandboxUrl: config.PAYMENT_SANDBOX_URL,
      timeoutMs: config.PAYMENT_TIMEOUT_MS,
      ...(config.STRIPE_API_KEY === undefined ? {} : { stripeApiKey: config.STRIPE_API_KEY }),
      ...(config.STRIPE_API_URL === undefined ? {} : { stripeApiUrl: config.STRIPE_API_URL }),
    }),
    failpoints: createFailpoints(config.WORKERS_FAILPOINTS),
    log,
  };
}

async function createWorkers(
  config: WorkersConfig,
  clients: Clients,
  telemetry: WorkersTelemetry,
  metrics: WorkerMetrics,
): Promise<Worker[]> {
  const workflowBundle =
    config.WORKERS_WORKFLOW_BUNDLE === undefined
      ? await bundleWorkflows(telemetry.plugin)
      : { codePath: config.WORKERS_WORKFLOW_BUNDLE };
  const workers: Worker[] = [];
  for (const queue of config.WORKERS_TASK_QUEUES) {
    workers.push(
      await Worker.create({
        connection: clients.connection,
        namespace: config.TEMPORAL_NAMESPACE,
        taskQueue: taskQueueName(config, queue),
        workflowBundle,
        activities: createActivities(queue, clients),
        plugins: [telemetry.plugin],
        interceptors: { activity: [activityMetricsInterceptor(metrics)] },
        maxConcurrentActivityTaskExecutions: config.WORKERS_MAX_CONCURRENT_ACTIVITIES,
        shutdownGraceTime: `${config.WORKERS_SHUTDOWN_GRACE_SECONDS} seconds`,
      }),
    );
  }
  return workers;
}

function runAll(
  workers: Worker[],
  metrics: WorkerMetrics,
  log: Logger,
): { runs: Promise<void>[]; failed: Promise<Error> } {
  let fail: (error: Error) => void = () => undefined;
  const failed = new Promise<Error>((resolve) => {
    fail = resolve;
  });
  const runs = workers.map(async (worker) => {
    const labels = { task_queue: worker.options.taskQueue };
    metrics.workersRunning.set(labels, 1);
    log.info(labels, `Started worker on task queue ${labels.task_queue}`);
    try {
      await worker.run();
    } catch (error) {
      fail(error as Error);
    } finally {
      metrics.workersRunning.set(labels, 0);
    }
  });
  return { runs, failed };
}

/** The money audit runs beside the payments queue, where money is held; one per such process, read-only. */
function startAudits(
  config: WorkersConfig,
  clients: Clients,
  metrics: WorkerMetrics,
  log: Logger,
): MoneyAudits | undefined {
  if (config.WORKERS_LEDGER_AUDIT_SECONDS === 0 || !config.WORKERS_TASK_QUEUES.includes("payments")) return;
  return startMoneyAudits(clients.pool, createMoneyAuditMetrics(metrics.registry), {
    intervalMs: config.WORKERS_LEDGER_AUDIT_SECONDS * 1000,
    log,
  });
}

async function closeClients(clients: Clients, consumers: BullWorker[]): Promise<void> {
  await Promise.allSettled(consumers.map((consumer) => consumer.close()));
  await clients.notifications.close();
  await clients.connection.close();
  await clients.client.connection.close();
  clients.redis.disconnect();
  await clients.pool.end();
}

/** Starts everything `config` names; stop() drains in-flight activities (up to the grace time) and closes. */
export async function startWorkersProcess(
  config: WorkersConfig,
  log: Logger,
  options: { spanExporter?: SpanExporter } = {},
): Promise<WorkersProcess> {
  const telemetry = startWorkersTelemetry({
    ...(config.OTEL_EXPORTER_OTLP_ENDPOINT === undefined
      ? {}
      : { otlpEndpoint: config.OTEL_EXPORTER_OTLP_ENDPOINT }),
    ...(options.spanExporter === undefined ? {} : { exporter: options.spanExporter }),
  });
  const metrics = createWorkerMetrics();
  const clients = await connectClients(config, log, telemetry);
  const workers = await createWorkers(config, clients, telemetry, metrics);
  const consumers = startConsumers(config, {
    connection: clients.redis,
    pool: clients.pool,
    log,
    prefix: config.WORKERS_BULLMQ_PREFIX,
  });
  if (config.USAGE_SCHEDULE && config.WORKERS_TASK_QUEUES.includes("contracts")) {
    await ensureUsageSchedule(clients.client, {
      scheduleId: config.USAGE_SCHEDULE_ID,
      intervalSeconds: config.USAGE_INTERVAL_SECONDS,
      taskQueue: taskQueueName(config, "contracts"),
    });
  }
  const { runs, failed } = runAll(workers, metrics, log);
  const audits = startAudits(config, clients, metrics, log);
  const health = await startHealthServer({
    port: config.WORKERS_HTTP_PORT,
    host: config.WORKERS_HTTP_HOST,
    registry: metrics.registry,
    isReady: () => workers.every((w) => w.getState() === "RUNNING"),
    log,
  });
  return {
    port: health.port,
    failed,
    stop: async () => {
      for (const worker of workers) if (worker.getState() === "RUNNING") worker.shutdown();
      await Promise.allSettled(runs);
      await audits?.stop();
      await closeClients(clients, consumers);
      await health.close();
      await telemetry.shutdown();
      log.info("Stopped workers");
    },
  };
}
