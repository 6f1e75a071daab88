import type { SkillPod, SkillPodClass } from "@skillpod/api";

export function skillPodFixture(spec: Partial<SkillPod["spec"]> = {}, status?: SkillPod["status"]): SkillPod {
  return {
    apiVersion: "skillpod.dev/v1alpha1",
    kind: "SkillPod",
    metadata: { name: "alpha", namespace: "team-a", uid: "uid-1", generation: 3 },
    spec: { className: "standard", owner: { userId: "u-1" }, state: "Running", ...spec },
    ...(status ? { status } : {}),
  };
}

export function classFixture(spec: Partial<SkillPodClass["spec"]> = {}): SkillPodClass {
  return {
    apiVersion: "skillpod.dev/v1alpha1",
    kind: "SkillPodClass",
    metadata: { name: "standard" },
    spec: {
      image: "desktop:1",
      resources: { default: { cpu: "1", memory: "2Gi" }, max: { cpu: "4", memory: "8Gi" } },
      ...spec,
    },
  };
}
