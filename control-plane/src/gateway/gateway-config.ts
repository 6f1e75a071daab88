// The session gateway's one config, parsed once at start. It is its own process (it scales with desktop
// sessions, not with API calls), so it reads only what it uses: no Temporal, no signing keys.
import { parseConfig } from "@skillpod/config";
import { z } from "zod";

const port = z.coerce.number().int().min(0).max(65535);
const positive = z.coerce.number().int().positive();

const schema = z.object({
  GATEWAY_HOST: z.string().default("127.0.0.1"),
  GATEWAY_PORT: port.default(8081),
  LOG_LEVEL: z.enum(["trace", "debug", "info", "warn", "error", "fatal", "silent"]).default("info"),
  /**
   * The application role (skillpod_app), as for the API: the gateway appends audit events and reads
   * contracts, and must not be able to rewrite the audit trail.
   */
  APP_DATABASE_URL: z.url(),
  REDIS_URL: z.url(),
  KUBECONFIG: z.string().optional(),
  KUBERNETES_SERVICE_HOST: z.string().optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: z.url().optional(),
  /** The largest WebSocket message and the largest client message (a paste) a browser may send. */
  GATEWAY_MAX_MESSAGE_BYTES: positive.default(1_048_576),
  /** A browser that has not finished the RFB handshake (ClientInit) by then is disconnected. */
  GATEWAY_HANDSHAKE_TIMEOUT_MS: positive.default(10_000),
  /** TCP connect plus VncAuth plus ServerInit toward the desktop. */
  GATEWAY_UPSTREAM_TIMEOUT_MS: positive.default(5000),
  /**
   * RFB handshakes in flight toward one desktop: TigerVNC blacklists an address with more than
   * BlacklistThreshold (default 5) unauthenticated connections, and all sessions come from our address.
   */
  GATEWAY_UPSTREAM_HANDSHAKES_PER_DESKTOP: positive.default(4),
  /**
   * Unsent bytes toward a browser above which the gateway stops reading from the desktop (and resumes at
   * half): a slow browser slows its own stream instead of growing the gateway's memory.
   */
  GATEWAY_HIGH_WATER_BYTES: positive.default(4 * 1_048_576),
  /** How often every live session's access is re-checked (contract ended, viewer removed). */
  GATEWAY_REVOCATION_CHECK_MS: positive.default(2000),
  /** At most one last-activity write per SkillPod per this many seconds (across replicas, through Redis). */
  GATEWAY_ACTIVITY_INTERVAL_SECONDS: positive.default(30),
  /** A browser that answers no WebSocket ping for this long is disconnected. */
  GATEWAY_PING_SECONDS: positive.default(30),
  /** On SIGTERM, sessions get this long to end on their own before they are closed with 1001. */
  GATEWAY_DRAIN_SECONDS: z.coerce.number().int().min(0).default(10),
  /** Desktop sessions one process accepts; above it new ones are refused with 503. */
  GATEWAY_MAX_SESSIONS: positive.default(1000),
  READINESS_TIMEOUT_MS: positive.default(2000),
});

export type GatewayConfig = z.infer<typeof schema>;

/** A bad value stops the process naming the variable. */
export function loadGatewayConfig(env: Record<string, string | undefined>): GatewayConfig {
  return parseConfig(schema, env);
}
