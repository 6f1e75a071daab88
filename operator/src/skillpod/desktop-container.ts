import type { V1Container, V1EnvVar, V1Volume } from "@kubernetes/client-node";
import type { SkillPod, SkillPodClass, SkillPodSpecPolicyClipboard } from "@skillpod/api";
import { streamSecretKeys } from "@skillpod/api";
import type { WorkspaceResources } from "./resources.js";

// What images/desktop expects: its user, its home, and the variables start-desktop.sh reads.
export const desktopUser = 1000;
export const homePath = "/home/skillpod";
const defaultStreamPort = 6901;

export type ClipboardFlags = { sendCutText: boolean; acceptCutText: boolean };

/**
 * Xvnc's own clipboard switches for a policy. The desktop→browser direction is the server's SendCutText
 * (and SendPrimary with it); the gateway also drops the browser's cut text when the policy refuses it, so
 * the browser→desktop direction has two locks.
 */
export function clipboardFlags(policy: SkillPodSpecPolicyClipboard | undefined): ClipboardFlags {
  switch (policy ?? "Both") {
    case "Both":
      return { sendCutText: true, acceptCutText: true };
    case "ToWorkspace":
      return { sendCutText: false, acceptCutText: true };
    case "Disabled":
      return { sendCutText: false, acceptCutText: false };
  }
}

const bit = (on: boolean): string => (on ? "1" : "0");
const fromSecret = (name: string, secretName: string, key: string): V1EnvVar => ({
  name,
  valueFrom: { secretKeyRef: { name: secretName, key } },
});

function desktopEnv(skillPod: SkillPod, port: number, secretName: string): V1EnvVar[] {
  const clipboard = clipboardFlags(skillPod.spec.policy?.clipboard);
  return [
    { name: "HOME", value: homePath },
    fromSecret("VNC_PASSWORD", secretName, streamSecretKeys.interactive),
    fromSecret("VNC_VIEW_PASSWORD", secretName, streamSecretKeys.view),
    { name: "VNC_PORT", value: String(port) },
    { name: "VNC_SEND_CUT_TEXT", value: bit(clipboard.sendCutText) },
    { name: "VNC_ACCEPT_CUT_TEXT", value: bit(clipboard.acceptCutText) },
  ];
}

export const streamPortOf = (skillPodClass: SkillPodClass): number =>
  skillPodClass.spec.streamPort ?? defaultStreamPort;

/**
 * The root filesystem is read-only: the home volume (a claim, or an emptyDir for an Ephemeral home), /tmp
 * (X sockets, the password file) and /dev/shm.
 */
export function desktopVolumes(home: string | { sizeLimit: string }): V1Volume[] {
  return [
    typeof home === "string"
      ? { name: "home", persistentVolumeClaim: { claimName: home } }
      : { name: "home", emptyDir: { sizeLimit: home.sizeLimit } },
    { name: "tmp", emptyDir: { sizeLimit: "1Gi" } },
    // The container runtime's /dev/shm is 64 MiB; Chromium's renderers need more.
    { name: "shm", emptyDir: { medium: "Memory", sizeLimit: "512Mi" } },
  ];
}

/** The desktop container of images/desktop: Xvnc on the class stream port, VncAuth with the Secret's passwords. */
export function desktopContainer(
  skillPod: SkillPod,
  skillPodClass: SkillPodClass,
  resources: WorkspaceResources,
  secretName: string,
): V1Container {
  const port = streamPortOf(skillPodClass);
  const stream = { tcpSocket: { port: "stream" } };
  return {
    name: "desktop",
    image: skillPodClass.spec.image,
    imagePullPolicy: skillPodClass.spec.imagePullPolicy ?? "IfNotPresent",
    ports: [{ name: "stream", containerPort: port, protocol: "TCP" }],
    env: desktopEnv(skillPod, port, secretName),
    resources: { requests: { ...resources }, limits: { ...resources } },
    // Xvnc listens within a second or two of starting; a hung one stops accepting and is restarted.
    startupProbe: { ...stream, periodSeconds: 2, failureThreshold: 30 },
    readinessProbe: { ...stream, periodSeconds: 5, failureThreshold: 3 },
    livenessProbe: { ...stream, periodSeconds: 20, failureThreshold: 3 },
    securityContext: {
      runAsNonRoot: true,
      runAsUser: desktopUser,
      runAsGroup: desktopUser,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ["ALL"] },
      seccompProfile: { type: "RuntimeDefault" },
    },
    volumeMounts: [
      { name: "home", mountPath: homePath },
      { name: "tmp", mountPath: "/tmp" },
      { name: "shm", mountPath: "/dev/shm" },
    ],
  };
}
