import type {
  V1NetworkPolicy,
  V1NetworkPolicyPeer,
  V1NetworkPolicyEgressRule,
} from "@kubernetes/client-node";
import type { SkillPod, SkillPodClass } from "@skillpod/api";
import { labels } from "@skillpod/api";
import { childLabels, childNames, controllerReference, identityOf, workspaceSelector } from "./names.js";

const metadataAddress = "169.254.169.254";

function ipToNumber(ip: string): number {
  return ip.split(".").reduce((acc, octet) => acc * 256 + Number(octet), 0);
}

/** Whether a CIDR covers the cloud metadata address, which must then be cut out with `except`. */
export function coversMetadataAddress(cidr: string): boolean {
  const [base = "", bits = "32"] = cidr.split("/");
  const prefix = Number(bits);
  const span = 2 ** (32 - prefix);
  const start = Math.floor(ipToNumber(base) / span) * span;
  const target = ipToNumber(metadataAddress);
  return target >= start && target < start + span;
}

function egressRuleFor(entry: string): V1NetworkPolicyEgressRule {
  const separator = entry.lastIndexOf(":");
  const cidr = entry.slice(0, separator);
  const port = Number(entry.slice(separator + 1));
  const except = coversMetadataAddress(cidr) ? [`${metadataAddress}/32`] : undefined;
  return { to: [{ ipBlock: { cidr, ...(except ? { except } : {}) } }], ports: [{ protocol: "TCP", port }] };
}

const clusterDns: V1NetworkPolicyPeer = {
  namespaceSelector: { matchLabels: { "kubernetes.io/metadata.name": "kube-system" } },
  podSelector: { matchLabels: { "k8s-app": "kube-dns" } },
};

/**
 * Default deny both ways; ingress only from the session gateway on the stream port; egress to cluster DNS and
 * the class's and the SkillPod's allow lists, never to the metadata service.
 */
function allowListOf(skillPod: SkillPod, skillPodClass: SkillPodClass): string[] {
  return [
    ...new Set([...(skillPodClass.spec.egress?.allow ?? []), ...(skillPod.spec.policy?.egress?.allow ?? [])]),
  ];
}

export function networkPolicyFor(skillPod: SkillPod, skillPodClass: SkillPodClass): V1NetworkPolicy {
  const { name, namespace } = identityOf(skillPod);
  const allow = allowListOf(skillPod, skillPodClass);
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: {
      name: childNames(name).workspace,
      namespace,
      labels: childLabels(skillPod, "network-policy"),
      ownerReferences: [controllerReference(skillPod)],
    },
    spec: {
      podSelector: { matchLabels: workspaceSelector(name) },
      policyTypes: ["Ingress", "Egress"],
      ingress: [
        {
          _from: [
            { namespaceSelector: {}, podSelector: { matchLabels: { [labels.sessionGateway]: "true" } } },
          ],
          ports: [{ protocol: "TCP", port: skillPodClass.spec.streamPort ?? 6901 }],
        },
      ],
      egress: [
        {
          to: [clusterDns],
          ports: [
            { protocol: "UDP", port: 53 },
            { protocol: "TCP", port: 53 },
          ],
        },
        ...allow.map(egressRuleFor),
      ],
    },
  };
}
