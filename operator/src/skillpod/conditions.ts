import type { SkillPodCondition } from "@skillpod/api";

export type ConditionInput = {
  type: string;
  status: "True" | "False" | "Unknown";
  reason: string;
  message: string;
};

/** Sets a condition the metav1 way: lastTransitionTime moves only when the status changes. */
export function setCondition(
  existing: SkillPodCondition[],
  input: ConditionInput,
  generation: number,
  now: string,
): SkillPodCondition[] {
  const previous = existing.find((c) => c.type === input.type);
  const lastTransitionTime = previous && previous.status === input.status ? previous.lastTransitionTime : now;
  const next: SkillPodCondition = { ...input, observedGeneration: generation, lastTransitionTime };
  return [...existing.filter((c) => c.type !== input.type), next].sort((a, b) =>
    a.type.localeCompare(b.type),
  );
}

export function conditionStatus(
  conditions: SkillPodCondition[] | undefined,
  type: string,
): string | undefined {
  return conditions?.find((c) => c.type === type)?.status;
}
