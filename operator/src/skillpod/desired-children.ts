import type { V1PersistentVolumeClaim, V1Secret, V1Service, V1ServiceAccount } from "@kubernetes/client-node";
import type { SkillPod, SkillPodClass } from "@skillpod/api";
import { streamSecretKeys } from "@skillpod/api";
import { childLabels, childNames, controllerReference, workspaceSelector } from "./names.js";
import type { StreamPasswords } from "./stream-credential.js";

type Meta = {
  name: string;
  namespace: string;
  labels: Record<string, string>;
  ownerReferences: ReturnType<typeof controllerReference>[];
};

function metaFor(skillPod: SkillPod, name: string, component: string): Meta {
  return {
    name,
    namespace: skillPod.metadata?.namespace ?? "",
    labels: childLabels(skillPod, component),
    ownerReferences: [controllerReference(skillPod)],
  };
}

/** A ServiceAccount of its own, with no API token: the desktop has no business with the Kubernetes API. */
export function serviceAccountFor(skillPod: SkillPod): V1ServiceAccount {
  const name = childNames(skillPod.metadata?.name ?? "").workspace;
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: metaFor(skillPod, name, "workspace"),
    automountServiceAccountToken: false,
  };
}

const base64 = (text: string): string => Buffer.from(text, "utf8").toString("base64");

/** The per-workspace stream credential; the values are generated once and then kept (see the child writer). */
export function streamSecretFor(skillPod: SkillPod, passwords: StreamPasswords): V1Secret {
  const name = childNames(skillPod.metadata?.name ?? "").streamSecret;
  return {
    apiVersion: "v1",
    kind: "Secret",
    metadata: metaFor(skillPod, name, "stream-credential"),
    type: "Opaque",
    // data rather than stringData: the API server stores data, so a served Secret can be compared with this.
    data: {
      [streamSecretKeys.interactive]: base64(passwords.interactive),
      [streamSecretKeys.view]: base64(passwords.view),
    },
  };
}

/** The home volume. Its ownerReference is dropped by the finalizer when the policy is Retain. */
export function homeClaimFor(
  skillPod: SkillPod,
  skillPodClass: SkillPodClass,
  size: string,
): V1PersistentVolumeClaim {
  const name = childNames(skillPod.metadata?.name ?? "").home;
  const storageClassName = skillPodClass.spec.home?.storageClassName;
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: metaFor(skillPod, name, "home"),
    spec: {
      accessModes: ["ReadWriteOnce"],
      resources: { requests: { storage: size } },
      ...(storageClassName ? { storageClassName } : {}),
    },
  };
}

export function streamServiceFor(skillPod: SkillPod, skillPodClass: SkillPodClass): V1Service {
  const name = skillPod.metadata?.name ?? "";
  const port = skillPodClass.spec.streamPort ?? 6901;
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: metaFor(skillPod, childNames(name).workspace, "stream"),
    spec: {
      type: "ClusterIP",
      selector: workspaceSelector(name),
      ports: [{ name: "stream", port, targetPort: "stream", protocol: "TCP" }],
    },
  };
}
