import type {
  KubernetesObject,
  V1NetworkPolicy,
  V1PersistentVolumeClaim,
  V1Pod,
  V1Secret,
  V1Service,
  V1ServiceAccount,
} from "@kubernetes/client-node";
import type { SkillPod, SkillPodClass } from "@skillpod/api";
import { stampApplied } from "./applied-state.js";
import { homeClaimFor, serviceAccountFor, streamSecretFor, streamServiceFor } from "./desired-children.js";
import { networkPolicyFor } from "./desired-network-policy.js";
import { workspacePodFor } from "./desired-pod.js";
import { decideResources } from "./resources.js";
import { newStreamPasswords } from "./stream-credential.js";

/** Everything the operator makes for one SkillPod, as it would first write it. */
export type DesiredSkillPodSet = {
  serviceAccount: V1ServiceAccount;
  streamSecret: V1Secret;
  home: V1PersistentVolumeClaim;
  stream: V1Service;
  networkPolicy: V1NetworkPolicy;
  workspace: V1Pod;
};

const stamped = <T extends KubernetesObject>(desired: T): T => stampApplied(desired).stamped;

/**
 * The children of a SkillPod from the reconciler's own builders, stamped as the child writer stamps them. The benchmark's children-only ceiling is
 * made from these, so it cannot drift from what the operator writes.
 */
export function desiredSkillPodSet(skillPod: SkillPod, skillPodClass: SkillPodClass): DesiredSkillPodSet {
  const decision = decideResources(skillPod, skillPodClass);
  if (!decision.ok) throw new Error(decision.message);
  return {
    serviceAccount: stamped(serviceAccountFor(skillPod)),
    streamSecret: stamped(streamSecretFor(skillPod, newStreamPasswords())),
    home: stamped(homeClaimFor(skillPod, skillPodClass, decision.homeSize)),
    stream: stamped(streamServiceFor(skillPod, skillPodClass)),
    networkPolicy: stamped(networkPolicyFor(skillPod, skillPodClass)),
    workspace: stamped(workspacePodFor(skillPod, skillPodClass, decision.resources)),
  };
}
