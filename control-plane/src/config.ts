import { parseConfig } from "@skillpod/config";
import { z } from "zod";

const port = z.coerce.number().int().min(0).max(65535);
const positive = z.coerce.number().int().positive();
const list = z.string().transform((s) =>
  s
    .split(",")
    .map((v) => v.trim())
    .filter(Boolean),
);

const schema = z.object({
  HOST: z.string().default("127.0.0.1"),
  PORT: port.default(3000),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  /** The application role (skillpod_app): it may not rewrite the audit trail. */
  APP_DATABASE_URL: z.url(),
  REDIS_URL: z.url(),
  TEMPORAL_ADDRESS: z.string().min(1),
  TEMPORAL_NAMESPACE: z.string().default("default"),
  /** The workers' WORKERS_TASK_QUEUE_PREFIX: contracts, payouts and wallet workflows go to "<prefix>-contracts"… */
  TEMPORAL_TASK_QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9-]*$/, "lowercase letters, digits and dashes")
    .default(""),
  /** Redis key prefix of the workers' BullMQ queues (their WORKERS_BULLMQ_PREFIX): emails are enqueued there. */
  BULLMQ_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_-]+$/)
    .default("bull"),
  KUBECONFIG: z.string().optional(),
  KUBERNETES_SERVICE_HOST: z.string().optional(),
  CORS_ORIGINS: list.default([]),
  // Addresses (or CIDRs) of proxies whose X-Forwarded-For is believed: the portal's server calls the API for
  // every browser, and rate limits and sign-in caps must count the browser's address, not the portal's.
  TRUSTED_PROXIES: list.default([]),
  PUBLIC_URL: z.url().default("http://127.0.0.1:3000"),
  JWT_ISSUER: z.string().default("https://skillpod.local"),
  JWT_AUDIENCE: z.string().default("skillpod-api"),
  /** PKCS#8 PEM of the EdDSA (Ed25519) signing key; unset in development generates one per process. */
  JWT_PRIVATE_KEY: z.string().optional(),
  ACCESS_TOKEN_TTL_SECONDS: positive.default(900),
  REFRESH_TOKEN_TTL_SECONDS: positive.default(30 * 24 * 3600),
  /** 32 bytes, base64: encrypts MFA secrets at rest (AES-256-GCM). */
  MFA_ENCRYPTION_KEY: z
    .base64()
    .refine((v) => Buffer.from(v, "base64").length === 32, "must be 32 bytes, base64"),
  /** PKCS#8 PEM of the Ed25519 key that signs audit checkpoints; unset in development generates one. */
  AUDIT_SIGNING_KEY: z.string().optional(),
  /** Bearer token for workflow and operator processes posting audit events. */
  INTERNAL_API_TOKEN: z.string().min(32),
  COOKIE_SECURE: z
    .enum(["true", "false"])
    .default("true")
    .transform((v) => v === "true"),
  RATE_LIMIT_PUBLIC_PER_MINUTE: positive.default(10),
  RATE_LIMIT_DEFAULT_PER_MINUTE: positive.default(100),
  RATE_LIMIT_AUTHENTICATED_PER_MINUTE: positive.default(1000),
  RATE_LIMIT_LOGIN_PER_MINUTE: positive.default(5),
  /** Sign-ins and registrations per IP across all accounts (credential stuffing; ASVS 2.2.1). */
  RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE: positive.default(20),
  /** Prefix of the rate-limit counters in Redis; tests give each app its own so runs do not share budgets. */
  RATE_LIMIT_NAMESPACE: z.string().min(1).default("skillpod:rate-limit:"),
  LOGIN_LOCKOUT_THRESHOLD: positive.default(10),
  LOGIN_LOCKOUT_SECONDS: positive.default(900),
  /** How long after a contract completes its parties may review each other; reviews show when both are in or this ends. */
  REVIEW_WINDOW_SECONDS: positive.default(14 * 24 * 3600),
  READINESS_TIMEOUT_MS: positive.default(2000),
  /** Platform fee in basis points of each milestone, fixed into a contract when its offer is accepted. */
  PLATFORM_FEE_BPS: z.coerce.number().int().min(0).max(10_000).default(1000),
  /** How long a freelancer has to accept an offer. */
  OFFER_TTL_SECONDS: positive.default(7 * 24 * 3600),
  /** How long after sending a message its author may edit or delete it. */
  MESSAGE_EDIT_WINDOW_SECONDS: positive.default(15 * 60),
  /** Lifetime of a live-channel ticket (single use). */
  LIVE_TICKET_TTL_SECONDS: positive.default(30),
  /** A live socket whose unsent bytes pass this is a slow consumer: it is closed, not buffered. */
  LIVE_MAX_BUFFERED_BYTES: positive.default(1_048_576),
  /** How many events per user the live channel keeps for reconnecting clients. */
  LIVE_REPLAY_EVENTS: positive.default(1000),
  /** How often the live channel pings each socket (and refreshes presence); one that missed a pong is dropped. */
  LIVE_HEARTBEAT_SECONDS: positive.default(25),
  /** The session gateway's WebSocket URL as browsers reach it: desktop-session tickets open `${url}?ticket=…`. */
  GATEWAY_PUBLIC_URL: z.url({ protocol: /^wss?$/ }).default("ws://127.0.0.1:8081/v1/desktop"),
  /** Lifetime of a desktop-session ticket (single use): seconds, at most 30. */
  DESKTOP_TICKET_TTL_SECONDS: positive.max(30).default(20),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
});

export type ControlPlaneConfig = z.infer<typeof schema>;

/** The control plane's one config, parsed once at start; a bad value stops the process naming the variable. */
export function loadControlPlaneConfig(env: Record<string, string | undefined>): ControlPlaneConfig {
  return parseConfig(schema, env);
}

const retentionSchema = z.object({
  /** The audit table's owner (the role migrations run as): only it may delete archived audit events. */
  DATABASE_URL: z.url(),
  /** Required here: a checkpoint signed by a throwaway key could never be verified by the control plane. */
  AUDIT_SIGNING_KEY: z.string().min(1),
});

export type RetentionConfig = z.infer<typeof retentionSchema>;

/** The audit retention job's config (src/audit/retention-cli.ts), which runs as an operator, not as the app. */
export function loadRetentionConfig(env: Record<string, string | undefined> = process.env): RetentionConfig {
  return parseConfig(retentionSchema, env);
}
