// What one desktop session is given: its browser socket, who and what it is for, its desktop, its limits, and
// the process-wide parts it reports to.
import type { Logger } from "pino";
import type { WebSocket } from "ws";
import type { DesktopTarget } from "./desktop-target.js";
import type { GatewayMetrics } from "./gateway-metrics.js";
import type { HandshakeGate } from "./handshake-gate.js";
import type { SessionSubject, SessionTotals } from "./session-audit.js";

export type SessionLimits = {
  handshakeTimeoutMs: number;
  upstreamTimeoutMs: number;
  highWaterBytes: number;
  maxMessageBytes: number;
  pingMs: number;
};

export type DesktopSessionOptions = {
  socket: WebSocket;
  subject: SessionSubject;
  target: DesktopTarget;
  clipboardToDesktop: boolean;
  limits: SessionLimits;
  metrics: GatewayMetrics;
  /** Shared by every session of the process: bounds concurrent handshakes per desktop. */
  handshakes: HandshakeGate;
  log: Logger;
  /** Real input (keys, pointer, paste) was forwarded in an interactive session. */
  onInput: () => void;
  onEnded: (totals: SessionTotals) => void;
};
