// What a SkillPod's status says about waiting for it: ready, never going to be ready, or not yet.
import type { SkillPod, SkillPodCondition, SkillPodStatus } from "@skillpod/api";
import { skillPodConditionTypes } from "@skillpod/api";

export type Readiness =
  | { kind: "ready"; phase: string; endpoint: string; readyAt?: string }
  | { kind: "invalid"; phase: string; reason: string; message: string }
  | { kind: "waiting"; phase: string };

/**
 * Ready=False reasons the operator gives (operator/src/skillpod/status.ts) for a SkillPod it will not run:
 * no such class, a spec the class refuses, or expiresAt passed (expiryAction Stop is for good).
 */
const invalidReasons = new Set(["ClassNotFound", "Invalid", "Expired"]);
const invalidPhases = new Set(["Failed", "Expired"]);

type Observed = {
  phase: string;
  current: boolean;
  ready?: SkillPodCondition;
  endpoint?: string;
};

function observe(skillPod: SkillPod): Observed {
  const status: SkillPodStatus = skillPod.status ?? {};
  const generation = skillPod.metadata?.generation ?? 0;
  return {
    phase: status.phase ?? "Pending",
    current: (status.observedGeneration ?? -1) >= generation,
    ready: (status.conditions ?? []).find((c) => c.type === skillPodConditionTypes.ready),
    endpoint: status.endpoint,
  };
}

/**
 * Judges only status the operator wrote for the current generation: right after a patch of spec.state the
 * old status (Ready=True from before a stop, say) is still there and must not count.
 */
export function readinessOf(skillPod: SkillPod): Readiness {
  const { phase, current, ready, endpoint } = observe(skillPod);
  if (!current) return { kind: "waiting", phase };
  const invalid = invalidity(phase, ready);
  if (invalid) return { kind: "invalid", phase, ...invalid };
  if (ready?.status === "True" && endpoint) {
    return { kind: "ready", phase, endpoint, readyAt: ready.lastTransitionTime };
  }
  return { kind: "waiting", phase };
}

function invalidity(
  phase: string,
  ready: SkillPodCondition | undefined,
): { reason: string; message: string } | undefined {
  if (ready && invalidReasons.has(ready.reason)) return { reason: ready.reason, message: ready.message };
  if (invalidPhases.has(phase)) return { reason: phase, message: ready?.message ?? `SkillPod is ${phase}` };
  return undefined;
}
