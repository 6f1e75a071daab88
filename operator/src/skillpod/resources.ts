import type { SkillPod, SkillPodClass } from "@skillpod/api";
import { parseQuantity } from "./quantity.js";

export type WorkspaceResources = { cpu: string; memory: string };

export type ResourceDecision =
  { ok: true; resources: WorkspaceResources; homeSize: string } | { ok: false; message: string };

/** The SkillPod's resources, or the class default, checked against the class maximum. */
export function decideResources(skillPod: SkillPod, skillPodClass: SkillPodClass): ResourceDecision {
  const classResources = skillPodClass.spec.resources;
  const fallback = classResources.default ?? {};
  const resources = {
    cpu: String(skillPod.spec.resources?.cpu ?? fallback.cpu ?? "1"),
    memory: String(skillPod.spec.resources?.memory ?? fallback.memory ?? "2Gi"),
  };
  const over = (["cpu", "memory"] as const).filter(
    (r) => parseQuantity(resources[r]) > parseQuantity(classResources.max[r]),
  );
  if (over.length > 0) {
    const detail = over.map((r) => `${r} ${resources[r]} exceeds the class maximum ${classResources.max[r]}`);
    return { ok: false, message: `${detail.join("; ")} (class ${skillPodClass.metadata?.name})` };
  }
  const homeSize = String(skillPod.spec.home?.size ?? skillPodClass.spec.home?.defaultSize ?? "10Gi");
  return { ok: true, resources, homeSize };
}
