// Every desktop session's start and end, and every refused one, on the audit hash chain. Writes run after
// the fact and never hold up a session; a failed one is logged whole (so it can be replayed) and counted.
import type { Logger } from "pino";
import type { AuditEventInput, AuditWriter } from "../audit/writer.js";
import type { DesktopMode } from "../desktop-sessions/index.js";
import type { GatewayMetrics } from "./gateway-metrics.js";

export const sessionAuditActions = {
  started: "desktop_session.started",
  ended: "desktop_session.ended",
  /** The API's own refusal of a ticket request is desktop_session.refused; this is the gateway's, at connect. */
  refused: "desktop_session.connect_refused",
} as const;

export type SessionSubject = {
  sessionId: string;
  userId: string;
  namespace: string;
  name: string;
  mode: DesktopMode;
  ip: string;
};

export type SessionTotals = {
  durationMs: number;
  bytesToDesktop: number;
  bytesToBrowser: number;
  droppedInput: number;
  droppedByType: Record<string, number>;
  closeCode: number;
  closeReason: string;
};

export type Refusal = {
  reason: string;
  ip: string;
  userId?: string;
  namespace?: string;
  name?: string;
  mode?: DesktopMode;
};

const target = (namespace: string | undefined, name: string | undefined): Partial<AuditEventInput> =>
  namespace && name ? { targetType: "skillpods", targetId: `${namespace}/${name}` } : {};

export class SessionAudit {
  readonly #pending = new Set<Promise<void>>();

  constructor(
    private readonly writer: Pick<AuditWriter, "append">,
    private readonly log: Logger,
    private readonly metrics: Pick<GatewayMetrics, "auditWriteFailures">,
  ) {}

  started(subject: SessionSubject): void {
    this.#append({
      actorType: "user",
      actorId: subject.userId,
      action: sessionAuditActions.started,
      ...target(subject.namespace, subject.name),
      requestId: subject.sessionId,
      ip: subject.ip,
      outcome: "success",
      details: { mode: subject.mode },
    });
  }

  ended(subject: SessionSubject, totals: SessionTotals): void {
    this.#append({
      actorType: "user",
      actorId: subject.userId,
      action: sessionAuditActions.ended,
      ...target(subject.namespace, subject.name),
      requestId: subject.sessionId,
      ip: subject.ip,
      outcome: "success",
      details: { mode: subject.mode, ...totals },
    });
  }

  refused(refusal: Refusal): void {
    this.#append({
      actorType: refusal.userId ? "user" : "anonymous",
      actorId: refusal.userId ?? null,
      action: sessionAuditActions.refused,
      ...target(refusal.namespace, refusal.name),
      ip: refusal.ip,
      outcome: "denied",
      details: { reason: refusal.reason, ...(refusal.mode ? { mode: refusal.mode } : {}) },
    });
  }

  /** Resolves when every write started so far has finished (before the database pool closes). */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.#pending]);
  }

  #append(event: AuditEventInput): void {
    const write = this.writer.append(event).then(
      () => undefined,
      (error: unknown) => {
        this.metrics.auditWriteFailures.inc();
        this.log.error(
          { err: error, auditEvent: event },
          "AUDIT EVENT LOST: failed to write the audit event",
        );
      },
    );
    this.#pending.add(write);
    void write.finally(() => this.#pending.delete(write));
  }
}
