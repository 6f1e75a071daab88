// The children baseline: what one SkillPod asks of the control plane, without the operator. The same six
// kinds the operator makes (ServiceAccount, stream Secret, home PVC, Service, NetworkPolicy, workspace Pod),
// with the same shape, created by plain POSTs: no SkillPod object, no finalizer, no status, no Events, no
// server-side apply. Its rate is a ceiling for any operator on the same control plane.
import type {
  V1NetworkPolicy,
  V1PersistentVolumeClaim,
  V1Pod,
  V1Secret,
  V1Service,
  V1ServiceAccount,
  V1Toleration,
} from "@kubernetes/client-node";
import { randomBytes } from "node:crypto";

export type Placement = { nodeSelector: Record<string, string>; tolerations: V1Toleration[] };

export type SkillPodChildren = {
  serviceAccount: V1ServiceAccount;
  secret: V1Secret;
  claim: V1PersistentVolumeClaim;
  service: V1Service;
  networkPolicy: V1NetworkPolicy;
};

const streamPort = 6901;
const desktopUser = 1000;
const selectorOf = (name: string): Record<string, string> => ({ "skillpod.dev/baseline": name });

/** Everything but the Pod: the operator's first pass makes these together. */
export function childrenFor(name: string): SkillPodChildren {
  const metadata = { name, labels: selectorOf(name) };
  return {
    serviceAccount: { metadata, automountServiceAccountToken: false },
    secret: { metadata, type: "Opaque", data: { password: randomBytes(18).toString("base64") } },
    claim: {
      metadata,
      spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "1Gi" } } },
    },
    service: {
      metadata,
      spec: {
        type: "ClusterIP",
        selector: selectorOf(name),
        ports: [{ name: "stream", port: streamPort, targetPort: "stream", protocol: "TCP" }],
      },
    },
    networkPolicy: {
      metadata,
      spec: {
        podSelector: { matchLabels: selectorOf(name) },
        policyTypes: ["Ingress", "Egress"],
        ingress: [
          {
            _from: [
              {
                namespaceSelector: {},
                podSelector: { matchLabels: { "skillpod.dev/session-gateway": "true" } },
              },
            ],
            ports: [{ protocol: "TCP", port: streamPort }],
          },
        ],
        egress: [
          {
            ports: [
              { protocol: "UDP", port: 53 },
              { protocol: "TCP", port: 53 },
            ],
          },
        ],
      },
    },
  };
}

/** The workspace Pod, made once its home is bound (as the operator does with an Immediate StorageClass). */
export function workspacePodFor(name: string, placement: Placement): V1Pod {
  const restricted = {
    allowPrivilegeEscalation: false,
    capabilities: { drop: ["ALL"] },
    seccompProfile: { type: "RuntimeDefault" },
  };
  return {
    metadata: { name, labels: selectorOf(name) },
    spec: {
      serviceAccountName: name,
      automountServiceAccountToken: false,
      enableServiceLinks: false,
      securityContext: {
        runAsNonRoot: true,
        runAsUser: desktopUser,
        runAsGroup: desktopUser,
        fsGroup: desktopUser,
      },
      containers: [
        {
          name: "desktop",
          image: "ghcr.io/skillpod/desktop:1.0",
          ports: [{ name: "stream", containerPort: streamPort, protocol: "TCP" }],
          env: [{ name: "VNC_PASSWORD", valueFrom: { secretKeyRef: { name, key: "password" } } }],
          resources: { requests: { cpu: "10m", memory: "16Mi" }, limits: { cpu: "10m", memory: "16Mi" } },
          readinessProbe: { tcpSocket: { port: "stream" }, periodSeconds: 5, failureThreshold: 3 },
          securityContext: restricted,
          volumeMounts: [{ name: "home", mountPath: "/home/skillpod" }],
        },
      ],
      volumes: [{ name: "home", persistentVolumeClaim: { claimName: name } }],
      ...placement,
    },
  };
}
