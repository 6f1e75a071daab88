// POST /v1/workspaces/{namespace}/{name}/desktop-sessions: a single-use ticket for one desktop session, in the
// mode the caller may have now. Who may not gets the 404 a missing SkillPod gets (the trail says why); a
// SkillPod that is frozen or not running is a 409, told only to those who may see it.
import type { CustomObjectsApi } from "@kubernetes/client-node";
import type { SkillPod } from "@skillpod/api";
import type { Redis } from "ioredis";
import type pg from "pg";
import {
  desktopModeFor,
  grantedMode,
  issueDesktopTicket,
  type DesktopMode,
  type DesktopTicket,
} from "../desktop-sessions/index.js";
import { contractStanding } from "./freeze.js";
import { readSkillPod, type SkillPodRef } from "./skillpod-store.js";
import { auditedRefusals, recordWorkspaceEvent, type AuditTrail } from "./workspace-audit.js";
import { workspaceFrozen, workspaceNotFound, workspaceNotRunning } from "./workspace-errors.js";
import { isRunning } from "./workspace-view.js";

export type DesktopSessionDeps = {
  pg: pg.Pool;
  custom: CustomObjectsApi;
  redis: Redis;
  ticketTtlSeconds: number;
};

export type DesktopSessionRequest = { ref: SkillPodRef; asked?: DesktopMode; traceId?: string };

export type OpenedDesktopSession = DesktopTicket & { mode: DesktopMode };

/** Why someone who may not open this desktop was refused, for the trail only. */
function notAllowedWhy(skillPod: SkillPod, userId: string, allowed: DesktopMode | undefined): string {
  if (allowed === "watch") return "watcher_asked_interactive";
  const viewers = skillPod.spec.supervision?.viewers ?? [];
  return viewers.includes(userId) ? "viewer_without_active_contract" : "not_owner_or_viewer";
}

async function grantFor(
  deps: DesktopSessionDeps,
  trail: AuditTrail,
  request: DesktopSessionRequest,
  refusal: Record<string, unknown>,
): Promise<OpenedDesktopSession> {
  const skillPod = await readSkillPod(deps.custom, request.ref);
  if (skillPod === undefined) {
    refusal.why = "missing";
    throw workspaceNotFound();
  }
  const allowed = await desktopModeFor(deps.pg, skillPod, trail.userId);
  const mode = grantedMode(allowed, request.asked);
  if (mode === undefined) {
    refusal.why = notAllowedWhy(skillPod, trail.userId, allowed);
    throw workspaceNotFound();
  }
  refusal.mode = mode;
  if ((await contractStanding(deps.pg, skillPod)).frozen) throw workspaceFrozen();
  if (!isRunning(skillPod)) throw workspaceNotRunning(skillPod.status?.phase ?? "Pending");
  const grant = { userId: trail.userId, ...request.ref, mode };
  const traced = request.traceId === undefined ? grant : { ...grant, traceId: request.traceId };
  return { ...(await issueDesktopTicket(deps.redis, traced, deps.ticketTtlSeconds)), mode };
}

/** The ticket, audited as issued; every refusal audited with its reason before the caller hears it. */
export async function openDesktopSession(
  deps: DesktopSessionDeps,
  trail: AuditTrail,
  request: DesktopSessionRequest,
): Promise<OpenedDesktopSession> {
  const opened = await auditedRefusals(trail, "desktop_session.refused", request.ref, (refusal) => {
    refusal.askedMode = request.asked ?? null;
    return grantFor(deps, trail, request, refusal);
  });
  await recordWorkspaceEvent(trail, "desktop_session.issued", request.ref, {
    mode: opened.mode,
    expiresAt: opened.expiresAt,
  });
  return opened;
}
