// The workers process's one config, parsed once at start from the environment.
import { parseConfig } from "@skillpod/config";
import { z } from "zod";
import { parseFailpoints } from "./failpoints.js";

const queueNames = ["contracts", "payments", "provisioning"] as const;
export type WorkerQueue = (typeof queueNames)[number];

const queueList = z
  .string()
  .transform((value) =>
    value
      .split(",")
      .map((q) => q.trim())
      .filter((q) => q !== ""),
  )
  .pipe(z.array(z.enum(queueNames)).min(1, "name at least one of contracts, payments, provisioning"));

const port = z.coerce.number().int().min(0).max(65535);
const positive = z.coerce.number().int().positive();

const schema = z.object({
  TEMPORAL_ADDRESS: z.string().min(1).default("127.0.0.1:7233"),
  TEMPORAL_NAMESPACE: z.string().min(1).default("default"),
  /** Which task queues this process serves: one process for all, or one per queue. */
  WORKERS_TASK_QUEUES: queueList.default(["contracts", "payments", "provisioning"]),
  /** Prepended to every task queue name ("<prefix>-payments"): side-by-side installs and tests. */
  WORKERS_TASK_QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9-]*$/, "lowercase letters, digits and dashes")
    .default(""),
  WORKERS_MAX_CONCURRENT_ACTIVITIES: positive.default(50),
  WORKERS_HTTP_HOST: z.string().default("0.0.0.0"),
  WORKERS_HTTP_PORT: port.default(9464),
  /** A prebuilt workflow bundle (scripts/bundle-workflows.ts); unset: bundled at start (takes seconds). */
  WORKERS_WORKFLOW_BUNDLE: z.string().min(1).optional(),
  WORKERS_SHUTDOWN_GRACE_SECONDS: positive.default(30),
  /** Crash injection for durability tests only, e.g. "after-escrow-release:0.3". */
  WORKERS_FAILPOINTS: z
    .string()
    .default("")
    .transform((spec, ctx) => {
      try {
        return parseFailpoints(spec);
      } catch (error) {
        ctx.addIssue({ code: "custom", message: (error as Error).message });
        return z.NEVER;
      }
    }),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "a postgresql:// URL"),
  REDIS_URL: z.string().regex(/^rediss?:\/\//, "a redis:// URL"),
  KUBECONFIG: z.string().optional(),
  KUBERNETES_SERVICE_HOST: z.string().optional(),
  /** BullMQ consumers this process runs besides its Temporal workers. */
  WORKERS_CONSUMERS: z
    .string()
    .default("notifications,audit-exports")
    .transform((value) =>
      value
        .split(",")
        .map((c) => c.trim())
        .filter((c) => c !== ""),
    )
    .pipe(z.array(z.enum(["notifications", "audit-exports"]))),
  PAYMENT_PROVIDER: z.enum(["sandbox", "stripe"]).default("sandbox"),
  PAYMENT_SANDBOX_URL: z.url().default("http://127.0.0.1:12480"),
  PAYMENT_TIMEOUT_MS: positive.default(10_000),
  STRIPE_API_KEY: z.string().optional(),
  STRIPE_API_URL: z.url().optional(),
  /** Redis key prefix of the BullMQ queues (notifications, audit-exports); BullMQ's own default is "bull". */
  WORKERS_BULLMQ_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default("bull"),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\//, "an smtp:// URL")
    .default("smtp://127.0.0.1:2525"),
  MAIL_FROM: z.string().min(3).default("SkillPod <no-reply@skillpod.dev>"),
  NOTIFICATIONS_CONCURRENCY: positive.default(10),
  AUDIT_EXPORT_DIR: z.string().min(1).default("/var/lib/skillpod/audit-exports"),
  /** Create or update the usage-metering Schedule at start (only where "contracts" is served). */
  USAGE_SCHEDULE: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
  USAGE_SCHEDULE_ID: z.string().min(1).default("skillpod-usage-metering"),
  USAGE_INTERVAL_SECONDS: positive.default(900),
  /** The ledger audit and held-money counts (skillpod_ledger_audit_*, skillpod_money_held), where "payments" is served; 0: off. */
  WORKERS_LEDGER_AUDIT_SECONDS: z.coerce.number().int().min(0).default(600),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal"]).default("info"),
});

export type WorkersConfig = z.infer<typeof schema>;

/** Parses the environment once; a bad value stops the process naming the variable. */
export function loadWorkersConfig(env: Record<string, string | undefined>): WorkersConfig {
  const config = parseConfig(schema, env);
  if (config.PAYMENT_PROVIDER === "stripe" && config.STRIPE_API_KEY === undefined) {
    throw new Error("STRIPE_API_KEY is required when PAYMENT_PROVIDER=stripe");
  }
  return config;
}

/** The task queue names this config serves, with the prefix applied. */
export function taskQueueName(
  config: Pick<WorkersConfig, "WORKERS_TASK_QUEUE_PREFIX">,
  queue: WorkerQueue,
): string {
  return config.WORKERS_TASK_QUEUE_PREFIX === "" ? queue : `${config.WORKERS_TASK_QUEUE_PREFIX}-${queue}`;
}
