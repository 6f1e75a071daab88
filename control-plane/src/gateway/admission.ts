// Who gets a desktop session, decided before the WebSocket upgrade so that every refusal is a plain HTTP
// problem (never a socket that opens and closes): the ticket is consumed, the SkillPod read, access re-checked
// (it may have changed since the ticket was issued) and the desktop addressed. Each refusal is counted and
// audited.
import type { SkillPod } from "@skillpod/api";
import type { Redis } from "ioredis";
import type pg from "pg";
import {
  consumeDesktopTicket,
  desktopModeFor,
  grantedMode,
  type DesktopMode,
  type DesktopTicketGrant,
} from "../desktop-sessions/index.js";
import { SkpError, notFound, unauthenticated } from "../errors/index.js";
import { isFrozen, workspaceErrorCodes } from "../workspaces/index.js";
import type { DesktopTarget, DesktopTargets } from "./desktop-target.js";
import type { GatewayMetrics } from "./gateway-metrics.js";
import type { SessionAudit } from "./session-audit.js";
import type { SkillPodWatch } from "./skillpod-watch.js";

export type Admitted = {
  grant: DesktopTicketGrant;
  /** The mode this session runs in: the ticket's, unless access now allows less. */
  mode: DesktopMode;
  skillPod: SkillPod;
  target: DesktopTarget;
  /** spec.policy.clipboard lets the browser's clipboard into the desktop (Both, ToWorkspace). */
  clipboardToDesktop: boolean;
};

export type AdmissionRequest = { ticket: string | undefined; ip: string };

export type AdmissionDeps = {
  redis: Redis;
  db: pg.Pool;
  skillPods: Pick<SkillPodWatch, "read">;
  targets: Pick<DesktopTargets, "resolve">;
  metrics: Pick<GatewayMetrics, "ticketRefusals">;
  audit: Pick<SessionAudit, "refused">;
  /** Why no new session may open on this process now (draining, full), or undefined. */
  capacityProblem: () => CapacityProblem | undefined;
};

export type CapacityProblem = { reason: "draining" | "full"; error: SkpError };

/** A refusal: the reason is the metric label and the audit detail, the error the HTTP answer. */
class Refused extends Error {
  constructor(
    readonly reason: string,
    readonly error: SkpError,
  ) {
    super(error.message);
  }
}

// The API's codes for the same refusals (POST …/desktop-sessions): a client handles both the same way.
const notRunning = (phase: string): SkpError =>
  new SkpError(
    workspaceErrorCodes.notRunning,
    409,
    `The workspace is not running (it is ${phase}): start it first`,
    {
      phase,
    },
  );
const frozen = (): SkpError =>
  new SkpError(
    workspaceErrorCodes.frozen,
    409,
    "The workspace is frozen by a dispute on its milestone until the dispute is resolved",
  );
const unavailable = (): SkpError =>
  new SkpError("SKP_DESKTOP_UNAVAILABLE", 503, "The SkillPod's desktop is not reachable yet; retry shortly");

export function clipboardToDesktopOf(skillPod: SkillPod): boolean {
  const clipboard = skillPod.spec.policy?.clipboard ?? "Both";
  return clipboard === "Both" || clipboard === "ToWorkspace";
}

function isRunning(skillPod: SkillPod): boolean {
  return (
    !skillPod.metadata?.deletionTimestamp &&
    skillPod.spec.state !== "Stopped" &&
    skillPod.status?.phase === "Running"
  );
}

export class Admission {
  constructor(private readonly deps: AdmissionDeps) {}

  async admit(request: AdmissionRequest): Promise<Admitted> {
    const capacity = this.deps.capacityProblem();
    // Before the ticket is consumed: the browser can take the same ticket to another replica.
    if (capacity) throw this.#refuse({ reason: capacity.reason, ip: request.ip }, capacity.error);
    let grant: DesktopTicketGrant | undefined;
    try {
      grant = await this.#consume(request.ticket);
      return await this.#admitGrant(grant);
    } catch (error) {
      if (!(error instanceof Refused)) throw error;
      throw this.#refuse({ reason: error.reason, ip: request.ip, ...grant }, error.error);
    }
  }

  async #consume(ticket: string | undefined): Promise<DesktopTicketGrant> {
    if (!ticket) {
      throw new Refused("missing", unauthenticated("A desktop-session ticket is required"));
    }
    const grant = await consumeDesktopTicket(this.deps.redis, ticket);
    if (!grant) throw new Refused("invalid", unauthenticated("The ticket is used, expired or unknown"));
    return grant;
  }

  async #admitGrant(grant: DesktopTicketGrant): Promise<Admitted> {
    const skillPod = await this.deps.skillPods.read(grant.namespace, grant.name);
    if (!skillPod) throw new Refused("skillpod_not_found", notFound("SkillPod"));
    const mode = grantedMode(await desktopModeFor(this.deps.db, skillPod, grant.userId), grant.mode);
    // The same answer as for a SkillPod that does not exist: no existence oracle.
    if (!mode) throw new Refused("no_access", notFound("SkillPod"));
    if (!isRunning(skillPod)) {
      throw new Refused("not_running", notRunning(skillPod.status?.phase ?? "Pending"));
    }
    if (await isFrozen(this.deps.db, skillPod)) throw new Refused("frozen", frozen());
    const resolved = await this.deps.targets.resolve(skillPod, mode);
    if ("problem" in resolved) throw new Refused(resolved.problem.replaceAll("-", "_"), unavailable());
    return {
      grant,
      mode,
      skillPod,
      target: resolved.target,
      clipboardToDesktop: clipboardToDesktopOf(skillPod),
    };
  }

  #refuse(
    refusal: Parameters<SessionAudit["refused"]>[0] & Partial<DesktopTicketGrant>,
    error: SkpError,
  ): SkpError {
    this.deps.metrics.ticketRefusals.inc({ reason: refusal.reason });
    this.deps.audit.refused({
      reason: refusal.reason,
      ip: refusal.ip,
      ...(refusal.userId ? { userId: refusal.userId } : {}),
      ...(refusal.namespace ? { namespace: refusal.namespace, name: refusal.name } : {}),
      ...(refusal.mode ? { mode: refusal.mode } : {}),
    });
    return error;
  }
}
