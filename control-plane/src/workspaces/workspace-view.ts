// What the API shows of a SkillPod: its desired state and live status, and the caller's mode on it.
import { activityAnnotation, skillPodConditionTypes, type SkillPod } from "@skillpod/api";
import type { DesktopMode } from "../desktop-sessions/index.js";

export type WorkspaceView = {
  namespace: string;
  name: string;
  /** Desired: Running or Stopped (spec.state). */
  state: "Running" | "Stopped";
  /** Observed by the operator (status.phase); null before its first reconcile. */
  phase: string | null;
  ready: boolean;
  /** Set while the operator warns that the workspace will stop for idleness. */
  idleWarning: { since: string; message: string } | null;
  expiresAt: string | null;
  lastActivityAt: string | null;
  contractId: string | null;
  milestoneId: string | null;
  /** A dispute on its milestone froze it: nobody may start it or open its desktop until it is resolved. */
  frozen: boolean;
  mode: DesktopMode;
  /** The clipboard term (spec.policy.clipboard, the CRD's default Both): which way copy and paste may go. */
  clipboard: "Both" | "ToWorkspace" | "Disabled";
};

const conditionOf = (
  skillPod: SkillPod,
  type: string,
): { status: string; lastTransitionTime: string; message: string } | undefined =>
  skillPod.status?.conditions?.find((c) => c.type === type);

function idleWarningOf(skillPod: SkillPod): WorkspaceView["idleWarning"] {
  const condition = conditionOf(skillPod, skillPodConditionTypes.idleWarning);
  if (condition?.status !== "True") return null;
  return { since: condition.lastTransitionTime, message: condition.message };
}

/** The operator's last seen activity, or the gateway's annotation before the operator copied it. */
function lastActivityOf(skillPod: SkillPod): string | null {
  return skillPod.status?.lastActivityAt ?? skillPod.metadata.annotations?.[activityAnnotation] ?? null;
}

function statusOf(
  skillPod: SkillPod,
): Pick<WorkspaceView, "phase" | "ready" | "idleWarning" | "lastActivityAt"> {
  return {
    phase: skillPod.status?.phase ?? null,
    ready: conditionOf(skillPod, skillPodConditionTypes.ready)?.status === "True",
    idleWarning: idleWarningOf(skillPod),
    lastActivityAt: lastActivityOf(skillPod),
  };
}

function termsOf(
  spec: SkillPod["spec"],
): Pick<WorkspaceView, "expiresAt" | "contractId" | "milestoneId" | "clipboard"> {
  return {
    expiresAt: spec.expiresAt ?? null,
    contractId: spec.contract?.id ?? null,
    milestoneId: spec.contract?.milestoneId ?? null,
    clipboard: spec.policy?.clipboard ?? "Both",
  };
}

export function workspaceView(skillPod: SkillPod, mode: DesktopMode, frozen: boolean): WorkspaceView {
  const { metadata, spec } = skillPod;
  return {
    namespace: metadata.namespace ?? "",
    name: metadata.name ?? "",
    state: spec.state ?? "Running",
    ...statusOf(skillPod),
    ...termsOf(spec),
    frozen,
    mode,
  };
}

/** Whether a desktop can be opened on it now: wanted Running and observed Running. */
export function isRunning(skillPod: SkillPod): boolean {
  return (skillPod.spec.state ?? "Running") === "Running" && skillPod.status?.phase === "Running";
}
