// Start and stop: the owner sets spec.state and the operator does the rest (Stopped deletes the Pod and keeps
// the home volume). A dispute's freeze stays the contract's: while it holds, the owner can neither start the
// workspace nor stop it (the workflow undoes the freeze itself when the dispute is resolved).
import type { SkillPod } from "@skillpod/api";
import { contractStanding } from "./freeze.js";
import { patchSkillPodState, type SkillPodRef } from "./skillpod-store.js";
import { auditedRefusals, recordWorkspaceEvent, type AuditTrail } from "./workspace-audit.js";
import { workspaceAccess, type WorkspaceDeps } from "./workspace-access.js";
import {
  workspaceContractEnded,
  workspaceFrozen,
  workspaceNotFound,
  workspaceOwnerOnly,
} from "./workspace-errors.js";
import { workspaceView, type WorkspaceView } from "./workspace-view.js";

export type WantedState = "Running" | "Stopped";

/** Only an active contract's workspace starts again; one without a contract is the owner's alone. */
const startable = (contractState: string | null): boolean =>
  contractState === null || contractState === "active";

async function ownedSkillPod(
  deps: WorkspaceDeps,
  userId: string,
  ref: SkillPodRef,
  refusal: Record<string, unknown>,
): Promise<SkillPod> {
  const access = await workspaceAccess(deps, userId, ref);
  if (access === undefined) {
    refusal.why = "missing_or_not_visible";
    throw workspaceNotFound();
  }
  if (access.mode !== "interactive") throw workspaceOwnerOnly();
  return access.skillPod;
}

type Change = { ref: SkillPodRef; wanted: WantedState; refusal: Record<string, unknown> };

async function changeState(
  deps: WorkspaceDeps,
  trail: AuditTrail,
  { ref, wanted, refusal }: Change,
): Promise<{ view: WorkspaceView; from: string }> {
  const skillPod = await ownedSkillPod(deps, trail.userId, ref, refusal);
  const standing = await contractStanding(deps.pg, skillPod);
  if (standing.frozen) throw workspaceFrozen();
  if (wanted === "Running" && !startable(standing.contractState))
    throw workspaceContractEnded(standing.contractState ?? "gone");
  const patched = await patchSkillPodState(deps.custom, ref, wanted);
  if (patched === undefined) throw workspaceNotFound();
  return { view: workspaceView(patched, "interactive", false), from: skillPod.spec.state ?? "Running" };
}

/** Sets spec.state for the owner; the answer is the SkillPod as patched (the operator follows). */
export async function setWorkspaceState(
  deps: WorkspaceDeps,
  trail: AuditTrail,
  ref: SkillPodRef,
  wanted: WantedState,
): Promise<WorkspaceView> {
  const verb = wanted === "Running" ? "start" : "stop";
  const { view, from } = await auditedRefusals(trail, `skillpod.${verb}_refused`, ref, (refusal) =>
    changeState(deps, trail, { ref, wanted, refusal }),
  );
  await recordWorkspaceEvent(trail, `skillpod.${verb}_requested`, ref, { from, to: wanted });
  return view;
}
