import type { V1Pod, V1PodSpec, V1Toleration } from "@kubernetes/client-node";
import type { SkillPod, SkillPodClass } from "@skillpod/api";
import { createHash } from "node:crypto";
import { desktopContainer, desktopUser, desktopVolumes } from "./desktop-container.js";
import { homeVolumeOf } from "./ephemeral-home.js";
import { childLabels, childNames, controllerReference } from "./names.js";
import type { WorkspaceResources } from "./resources.js";

export const podSpecHashAnnotation = "skillpod.dev/pod-spec-hash";

function podSpecFor(
  skillPod: SkillPod,
  skillPodClass: SkillPodClass,
  resources: WorkspaceResources,
): V1PodSpec {
  const names = childNames(skillPod.metadata?.name ?? "");
  const spec = skillPodClass.spec;
  return {
    serviceAccountName: names.workspace,
    automountServiceAccountToken: false,
    enableServiceLinks: false,
    restartPolicy: "Always",
    securityContext: {
      runAsNonRoot: true,
      runAsUser: desktopUser,
      runAsGroup: desktopUser,
      fsGroup: desktopUser,
      seccompProfile: { type: "RuntimeDefault" },
    },
    containers: [desktopContainer(skillPod, skillPodClass, resources, names.streamSecret)],
    volumes: desktopVolumes(homeVolumeOf(skillPod, skillPodClass, names.home)),
    ...(spec.runtimeClassName ? { runtimeClassName: spec.runtimeClassName } : {}),
    ...(spec.nodeSelector ? { nodeSelector: spec.nodeSelector } : {}),
    tolerations: withEvictionTolerations(spec.tolerations ?? []),
  };
}

const evictionTaints = ["node.kubernetes.io/not-ready", "node.kubernetes.io/unreachable"];

/**
 * How long a desktop stays on a failed node, stated here rather than added by the DefaultTolerationSeconds
 * admission plugin (same 300 s): a served Pod then holds exactly the list we applied, and a settled Pod
 * needs no apply.
 */
function withEvictionTolerations(tolerations: V1Toleration[]): V1Toleration[] {
  const tolerated = (key: string): boolean =>
    tolerations.some((t) => (!t.key || t.key === key) && (!t.effect || t.effect === "NoExecute"));
  const defaults = evictionTaints
    .filter((key) => !tolerated(key))
    .map((key) => ({ key, operator: "Exists", effect: "NoExecute", tolerationSeconds: 300 }));
  return [...tolerations, ...defaults];
}

/**
 * The workspace Pod under the restricted Pod Security profile. Pod specs are mostly immutable, so the spec's
 * hash rides along as an annotation: a Pod whose hash differs is replaced rather than patched.
 */
export function workspacePodFor(
  skillPod: SkillPod,
  skillPodClass: SkillPodClass,
  resources: WorkspaceResources,
): V1Pod {
  const spec = podSpecFor(skillPod, skillPodClass, resources);
  const hash = createHash("sha256").update(JSON.stringify(spec)).digest("hex").slice(0, 16);
  return {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name: childNames(skillPod.metadata?.name ?? "").workspace,
      namespace: skillPod.metadata?.namespace ?? "",
      labels: childLabels(skillPod, "workspace"),
      annotations: { [podSpecHashAnnotation]: hash },
      ownerReferences: [controllerReference(skillPod)],
    },
    spec,
  };
}
