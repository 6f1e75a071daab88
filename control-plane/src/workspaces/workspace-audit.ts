// Audit events of the workspaces capability. Their routes record their own events instead of the automatic
// "POST <route>" one: the target is a SkillPod (namespace/name, two path parameters), and a refusal must say
// why in the trail even though the caller only ever sees a 404.
import type { AuditEventInput } from "../audit/writer.js";
import { SkpError } from "../errors/index.js";
import type { SkillPodRef } from "./skillpod-store.js";

export type AuditTrail = {
  append: (event: AuditEventInput) => Promise<unknown>;
  userId: string;
  requestId: string;
  ip: string;
};

export type WorkspaceAction =
  | "desktop_session.issued"
  | "desktop_session.refused"
  | "skillpod.start_requested"
  | "skillpod.stop_requested"
  | "skillpod.start_refused"
  | "skillpod.stop_refused";

export async function recordWorkspaceEvent(
  trail: AuditTrail,
  action: WorkspaceAction,
  ref: SkillPodRef,
  details: Record<string, unknown>,
): Promise<void> {
  await trail.append({
    actorType: "user",
    actorId: trail.userId,
    action,
    targetType: "skillpods",
    targetId: `${ref.namespace}/${ref.name}`,
    requestId: trail.requestId,
    ip: trail.ip,
    outcome: action.endsWith("refused") ? "denied" : "success",
    details,
  });
}

/** Why a request was refused, in the trail's words: the SKP_ code, or the failure's class for anything else. */
export function refusalReason(error: unknown): string {
  return error instanceof SkpError ? error.code : "SKP_INTERNAL";
}

/**
 * Runs `act`; when it throws, records `refused` with the reason (and `detail` of the error, when it carries
 * one) before the error goes on to the caller.
 */
export async function auditedRefusals<T>(
  trail: AuditTrail,
  refused: WorkspaceAction,
  ref: SkillPodRef,
  act: (refusal: Record<string, unknown>) => Promise<T>,
): Promise<T> {
  const refusal: Record<string, unknown> = {};
  try {
    return await act(refusal);
  } catch (error) {
    await recordWorkspaceEvent(trail, refused, ref, { ...refusal, reason: refusalReason(error) });
    throw error;
  }
}
