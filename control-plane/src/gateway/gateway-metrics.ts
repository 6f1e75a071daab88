import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";

export type ByteDirection = "to_desktop" | "to_browser";

export type GatewayMetrics = {
  registry: Registry;
  /** Open desktop sessions by mode. */
  sessions: Gauge<"mode">;
  sessionsStarted: Counter<"mode">;
  /** Session ends by close code (a bounded set: ours, rfb's and the few standard ones). */
  sessionsEnded: Counter<"code">;
  bytes: Counter<"direction">;
  droppedInput: Counter<"type">;
  ticketRefusals: Counter<"reason">;
  upstreamConnect: Histogram<"outcome">;
  activityWrites: Counter<"outcome">;
  auditWriteFailures: Counter;
};

export function createGatewayMetrics(): GatewayMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "skillpod_gateway_" });
  const registers = [registry];
  return {
    registry,
    sessions: new Gauge({
      name: "skillpod_gateway_sessions",
      help: "Open desktop sessions on this process",
      labelNames: ["mode"] as const,
      registers,
    }),
    sessionsStarted: new Counter({
      name: "skillpod_gateway_sessions_started_total",
      help: "Desktop sessions opened (ticket accepted, WebSocket upgraded)",
      labelNames: ["mode"] as const,
      registers,
    }),
    sessionsEnded: new Counter({
      name: "skillpod_gateway_sessions_ended_total",
      help: "Desktop sessions ended, by WebSocket close code",
      labelNames: ["code"] as const,
      registers,
    }),
    bytes: new Counter({
      name: "skillpod_gateway_bytes_total",
      help: "RFB bytes through the gateway: received from browsers (to_desktop) and sent to them (to_browser)",
      labelNames: ["direction"] as const,
      registers,
    }),
    droppedInput: new Counter({
      name: "skillpod_gateway_dropped_input_messages_total",
      help: "Client messages the gateway did not forward (watch mode, clipboard policy), by RFB message type",
      labelNames: ["type"] as const,
      registers,
    }),
    ticketRefusals: new Counter({
      name: "skillpod_gateway_ticket_refusals_total",
      help: "Desktop-session requests refused before the WebSocket upgrade, by reason",
      labelNames: ["reason"] as const,
      registers,
    }),
    upstreamConnect: new Histogram({
      name: "skillpod_gateway_upstream_connect_seconds",
      help: "TCP connect, VncAuth and ServerInit toward the desktop",
      labelNames: ["outcome"] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers,
    }),
    activityWrites: new Counter({
      name: "skillpod_gateway_activity_writes_total",
      help: "Writes of a SkillPod's last-activity annotation, by outcome",
      labelNames: ["outcome"] as const,
      registers,
    }),
    // The API's name for the same failure, so the one alert covers both processes.
    auditWriteFailures: new Counter({
      name: "skillpod_audit_write_failures_total",
      help: "Audit events that could not be appended to the hash chain",
      registers,
    }),
  };
}
