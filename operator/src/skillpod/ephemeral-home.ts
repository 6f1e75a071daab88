import type { SkillPod, SkillPodClass } from "@skillpod/api";
import { homeSizeOf } from "./resources.js";

/** spec.home.volume Ephemeral: the home is an emptyDir that goes with the Pod, and no claim is ever made. */
export function isEphemeral(skillPod: SkillPod): boolean {
  return skillPod.spec.home?.volume === "Ephemeral";
}

/** What desktopVolumes mounts as home: the claim's name, or the emptyDir's size for an Ephemeral home. */
export function homeVolumeOf(
  skillPod: SkillPod,
  skillPodClass: SkillPodClass,
  claimName: string,
): string | { sizeLimit: string } {
  return isEphemeral(skillPod) ? { sizeLimit: homeSizeOf(skillPod, skillPodClass) } : claimName;
}

/** An Ephemeral home is ready with its Pod: there is nothing to bind. */
export const ephemeralHomeCondition = {
  type: "StorageReady",
  status: "True",
  reason: "HomeEphemeral",
  message: "The home is an emptyDir that lasts as long as the Pod",
} as const;
