import type { SkillPod, SkillPodClass } from "@skillpod/api";
import { parseQuantity } from "./quantity.js";

export type WorkspaceResources = { cpu: string; memory: string };

export type ResourceDecision =
  { ok: true; resources: WorkspaceResources; homeSize: string } | { ok: false; message: string };

function requested(skillPod: SkillPod, skillPodClass: SkillPodClass): WorkspaceResources {
  const own = skillPod.spec.resources ?? {};
  const fallback = skillPodClass.spec.resources.default ?? {};
  return {
    cpu: String(own.cpu ?? fallback.cpu ?? "1"),
    memory: String(own.memory ?? fallback.memory ?? "2Gi"),
  };
}

/** The SkillPod's resources, or the class default, checked against the class maximum. */
export function decideResources(skillPod: SkillPod, skillPodClass: SkillPodClass): ResourceDecision {
  const resources = requested(skillPod, skillPodClass);
  const max = skillPodClass.spec.resources.max;
  const over = (["cpu", "memory"] as const).filter(
    (r) => parseQuantity(resources[r]) > parseQuantity(max[r]),
  );
  if (over.length > 0) {
    const detail = over.map((r) => `${r} ${resources[r]} exceeds the class maximum ${max[r]}`);
    return { ok: false, message: `${detail.join("; ")} (class ${skillPodClass.metadata?.name})` };
  }
  return { ok: true, resources, homeSize: homeSizeOf(skillPod, skillPodClass) };
}

/** The home's size: the claim's request, or an Ephemeral home's emptyDir limit. */
export function homeSizeOf(skillPod: SkillPod, skillPodClass: SkillPodClass): string {
  return String(skillPod.spec.home?.size ?? skillPodClass.spec.home?.defaultSize ?? "10Gi");
}
