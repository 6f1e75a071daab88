import type { V1PersistentVolumeClaim, V1Pod } from "@kubernetes/client-node";
import type { SkillPod, SkillPodCondition, SkillPodPhase, SkillPodStatus } from "@skillpod/api";
import { budgetCondition, budgetExhaustedReason, stoppedForBudget, type BudgetDecision } from "./budget.js";
import { setCondition, type ConditionInput } from "./conditions.js";
import type { LifecycleDecision } from "./lifecycle.js";
import { ephemeralHomeCondition, isEphemeral } from "./ephemeral-home.js";
import { childNames } from "./names.js";

export type Problem = { reason: "ClassNotFound" | "Invalid"; message: string };

export type Observation = {
  skillPod: SkillPod;
  now: number;
  problem?: Problem;
  lifecycle?: LifecycleDecision;
  pod?: V1Pod;
  claim?: V1PersistentVolumeClaim;
  networkIsolated: boolean;
  streamPort: number;
  /** Activity the session gateway reported (annotation or earlier status), not the session start. */
  reportedActivityAt?: number;
  /** While a session runs, usage moves in steps of this size, so status is not rewritten every second. */
  usageGranularitySeconds?: number;
  /** spec.budget at this reconcile, when set. */
  budget?: BudgetDecision;
};

const podReady = (pod: V1Pod | undefined): boolean =>
  pod?.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;

function wantsPod(o: Observation): boolean {
  return !o.problem && o.skillPod.spec.state !== "Stopped" && !o.lifecycle?.expired;
}

function stoppedPhase(o: Observation): SkillPodPhase {
  if (o.pod) return "Stopping";
  return o.lifecycle?.expired ? "Expired" : "Stopped";
}

function runningPhase(o: Observation): SkillPodPhase {
  if (o.pod?.status?.phase === "Failed") return "Failed";
  if (podReady(o.pod)) return "Running";
  if (o.pod?.spec?.nodeName) return "Starting";
  return "Provisioning";
}

export function phaseOf(o: Observation): SkillPodPhase {
  if (o.skillPod.metadata?.deletionTimestamp) return "Terminating";
  if (o.problem) return o.problem.reason === "Invalid" ? "Failed" : "Pending";
  return wantsPod(o) ? runningPhase(o) : stoppedPhase(o);
}

const stoppedReason = (o: Observation): string =>
  stoppedForBudget(o.skillPod, o.budget) ? budgetExhaustedReason : "Stopped";

function readyCondition(o: Observation): ConditionInput {
  if (o.problem)
    return { type: "Ready", status: "False", reason: o.problem.reason, message: o.problem.message };
  if (podReady(o.pod))
    return {
      type: "Ready",
      status: "True",
      reason: "WorkspaceReady",
      message: "The desktop accepts sessions",
    };
  if (!wantsPod(o))
    return {
      type: "Ready",
      status: "False",
      reason: o.lifecycle?.expired ? "Expired" : stoppedReason(o),
      message: "No workspace Pod is wanted",
    };
  return {
    type: "Ready",
    status: "False",
    reason: "WorkspaceStarting",
    message: "Waiting for the workspace Pod to become ready",
  };
}

function storageCondition(o: Observation): ConditionInput {
  if (isEphemeral(o.skillPod)) return ephemeralHomeCondition;
  const bound = o.claim?.status?.phase === "Bound";
  return bound
    ? {
        type: "StorageReady",
        status: "True",
        reason: "HomeBound",
        message: `Home ${o.claim?.metadata?.name} is bound`,
      }
    : {
        type: "StorageReady",
        status: "False",
        reason: "HomePending",
        message: "Waiting for the home volume to bind",
      };
}

function scheduledCondition(o: Observation): ConditionInput {
  const node = o.pod?.spec?.nodeName;
  if (node)
    return { type: "Scheduled", status: "True", reason: "Scheduled", message: `Scheduled to ${node}` };
  return {
    type: "Scheduled",
    status: "False",
    reason: o.pod ? "Unschedulable" : "NoPod",
    message: o.pod ? "Waiting for the scheduler" : "No workspace Pod",
  };
}

function lifecycleConditions(o: Observation): ConditionInput[] {
  const warn = o.lifecycle?.idleWarning ?? false;
  const expired = o.lifecycle?.expired ?? false;
  return [
    warn
      ? {
          type: "IdleWarning",
          status: "True",
          reason: "IdleTimeoutNear",
          message: "No activity: the workspace stops soon unless used",
        }
      : { type: "IdleWarning", status: "False", reason: "Active", message: "Recent activity or not running" },
    expired
      ? {
          type: "Expired",
          status: "True",
          reason: "ExpiresAtPassed",
          message: `Expired at ${o.skillPod.spec.expiresAt}`,
        }
      : { type: "Expired", status: "False", reason: "NotExpired", message: "Not expired" },
  ];
}

function networkCondition(o: Observation): ConditionInput {
  return o.networkIsolated
    ? {
        type: "NetworkIsolated",
        status: "True",
        reason: "PolicyApplied",
        message: "Default-deny NetworkPolicy applied",
      }
    : {
        type: "NetworkIsolated",
        status: "False",
        reason: "PolicyMissing",
        message: "NetworkPolicy not applied yet",
      };
}

function conditionsOf(o: Observation): SkillPodCondition[] {
  const now = new Date(o.now).toISOString();
  const generation = o.skillPod.metadata?.generation ?? 0;
  const inputs = [
    readyCondition(o),
    storageCondition(o),
    scheduledCondition(o),
    networkCondition(o),
    ...lifecycleConditions(o),
    budgetCondition(o.budget, o.skillPod),
  ].filter((c): c is ConditionInput => c !== undefined);
  return inputs.reduce(
    (acc, input) => setCondition(acc, input, generation, now),
    o.skillPod.status?.conditions ?? [],
  );
}

const iso = (ms: number): string => new Date(Math.floor(ms / 1000) * 1000).toISOString();

/** Session clock: a session opens when the Pod first turns ready and closes when it goes. */
function openSession(status: SkillPodStatus): string | undefined {
  const { startedAt, stoppedAt } = status;
  return startedAt !== undefined && (!stoppedAt || stoppedAt < startedAt) ? startedAt : undefined;
}

function sessionOf(
  o: Observation,
  phase: SkillPodPhase,
): Pick<SkillPodStatus, "startedAt" | "stoppedAt" | "usage"> {
  const previous = o.skillPod.status ?? {};
  const closed = previous.usage?.closedSeconds ?? 0;
  const open = openSession(previous);
  if (!open) {
    const startedAt = phase === "Running" ? iso(o.now) : previous.startedAt;
    return {
      startedAt,
      stoppedAt: previous.stoppedAt,
      usage: { closedSeconds: closed, runningSeconds: closed },
    };
  }
  const elapsed = Math.max(0, Math.floor((o.now - Date.parse(open)) / 1000));
  if (!o.pod) {
    return {
      startedAt: open,
      stoppedAt: iso(o.now),
      usage: { closedSeconds: closed + elapsed, runningSeconds: closed + elapsed },
    };
  }
  const step = o.usageGranularitySeconds ?? 1;
  const counted = Math.floor(elapsed / step) * step;
  return {
    startedAt: open,
    stoppedAt: previous.stoppedAt,
    usage: { closedSeconds: closed, runningSeconds: closed + counted },
  };
}

/** The whole status from what this reconcile observed. */
export function statusOf(o: Observation): SkillPodStatus {
  const name = o.skillPod.metadata?.name ?? "";
  const names = childNames(name);
  const phase = phaseOf(o);
  return {
    phase,
    observedGeneration: o.skillPod.metadata?.generation ?? 0,
    conditions: conditionsOf(o),
    // An adopted warm-pool Pod keeps its own name: status names the Pod the SkillPod has.
    podName: o.pod ? (o.pod.metadata?.name ?? names.workspace) : undefined,
    serviceName: names.workspace,
    endpoint: `${names.workspace}.${o.skillPod.metadata?.namespace}.svc.cluster.local:${o.streamPort}`,
    lastActivityAt: o.reportedActivityAt !== undefined ? iso(o.reportedActivityAt) : undefined,
    ...sessionOf(o, phase),
  };
}
