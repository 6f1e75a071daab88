// The children baseline: what one SkillPod asks of the control plane, without the operator. The same six
// children the operator makes (ServiceAccount, stream Secret, home PVC, Service, NetworkPolicy, workspace Pod),
// built by the operator's own builders (desiredSkillPodSet), created by plain POSTs: no SkillPod object, no
// finalizer, no status, no Events, no server-side apply. Its rate is a ceiling for any operator here.
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
import { skillPodApiVersion, skillPodKind } from "@skillpod/api";
import { desiredSkillPodSet } from "@skillpod/operator";
import { randomUUID } from "node:crypto";

export type SkillPodChildren = {
  serviceAccount: V1ServiceAccount;
  secret: V1Secret;
  claim: V1PersistentVolumeClaim;
  service: V1Service;
  networkPolicy: V1NetworkPolicy;
  pod: V1Pod;
};

/** Their owner does not exist: the garbage collector would delete children that named it. */
function unowned<T extends KubernetesObject>(object: T): T {
  return { ...object, metadata: { ...object.metadata, ownerReferences: undefined } };
}

/** The six children of a SkillPod `name` of `skillPodClass` in `namespace`, as the operator would write them. */
export function childrenFor(namespace: string, name: string, skillPodClass: SkillPodClass): SkillPodChildren {
  const skillPod: SkillPod = {
    apiVersion: skillPodApiVersion,
    kind: skillPodKind,
    metadata: { name, namespace, uid: randomUUID(), generation: 1 },
    spec: { className: skillPodClass.metadata?.name ?? "", owner: { userId: `u-${name}` } },
  };
  const set = desiredSkillPodSet(skillPod, skillPodClass);
  return {
    serviceAccount: unowned(set.serviceAccount),
    secret: unowned(set.streamSecret),
    claim: unowned(set.home),
    service: unowned(set.stream),
    networkPolicy: unowned(set.networkPolicy),
    pod: unowned(set.workspace),
  };
}

