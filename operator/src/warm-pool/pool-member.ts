import type {
  V1Container,
  V1NetworkPolicy,
  V1Pod,
  V1PodSpec,
  V1Secret,
  V1ServiceAccount,
} from "@kubernetes/client-node";
import type { SkillPod, SkillPodClass } from "@skillpod/api";
import { labels, managedBy, skillPodApiVersion, skillPodComponents, skillPodKind } from "@skillpod/api";
import { createHash, randomInt } from "node:crypto";
import { streamSecretFor } from "../skillpod/desired-children.js";
import { workspacePodFor } from "../skillpod/desired-pod.js";
import { decideResources } from "../skillpod/resources.js";
import { newStreamPasswords } from "../skillpod/stream-credential.js";

/** On a pool Pod: what a SkillPod's own Pod spec must hash to (names aside) for the Pod to be adoptable. */
export const fitAnnotation = "skillpod.dev/warm-pool-fit";
/** On a pool Pod for life, adopted or not: the class whose pool made it (the pool's watch selects on it). */
export const poolOriginLabel = "skillpod.dev/warm-pool-origin";

/** A Pod's stream Secret is named after the Pod, for pool Pods as for SkillPods' own ("ws-x", "ws-x-stream"). */
export const streamSecretNameOf = (podName: string): string => `${podName}-stream`;

/** The ServiceAccount and NetworkPolicy a class's pool shares in a namespace. */
export const poolObjectName = (className: string): string => `wp-${className}`;

const alphabet = "bcdfghjklmnpqrstvwxz2456789";

/** A pool Pod's name, unique like a generateName's, known before the Pod exists so its Secret can come first. */
export function poolMemberName(className: string): string {
  let tail = "";
  for (let i = 0; i < 5; i++) tail += alphabet[randomInt(alphabet.length)];
  return `${poolObjectName(className)}-${tail}`;
}

/** Names differ between a pool Pod and a SkillPod's own: the fit leaves them out. */
function withoutNames(spec: V1PodSpec): V1PodSpec {
  const container = (c: V1Container): V1Container => ({
    ...c,
    env: c.env?.map((e) => {
      const ref = e.valueFrom?.secretKeyRef;
      return ref ? { ...e, valueFrom: { secretKeyRef: { ...ref, name: "" } } } : e;
    }),
  });
  return { ...spec, serviceAccountName: "", containers: spec.containers.map(container) };
}

/** The hash of a Pod spec without its names: equal for a pool Pod and a SkillPod's Pod built alike. */
export function fitOf(spec: V1PodSpec | undefined): string {
  const normalized = spec ? withoutNames(spec) : {};
  return createHash("sha256").update(JSON.stringify(normalized)).digest("hex").slice(0, 16);
}

/** A SkillPod as the pool sees one: no owner, no policy, the class's defaults, an Ephemeral home. */
function anonymous(skillPodClass: SkillPodClass, namespace: string, name: string): SkillPod {
  return {
    apiVersion: skillPodApiVersion,
    kind: skillPodKind,
    metadata: { name, namespace },
    spec: {
      className: skillPodClass.metadata?.name ?? "",
      owner: { userId: "" },
      home: { volume: "Ephemeral" },
    },
  };
}

export function poolLabels(className: string, component: string): Record<string, string> {
  return { [labels.managedBy]: managedBy, [labels.warmPool]: className, [labels.component]: component };
}

/** The pool's fit for a class: what a pool Pod made now would carry. */
export function classFitOf(skillPodClass: SkillPodClass | undefined): string | undefined {
  return skillPodClass ? buildPod(skillPodClass, "", poolMemberName("x"))?.fit : undefined;
}

function buildPod(
  skillPodClass: SkillPodClass,
  namespace: string,
  name: string,
): { pod: V1Pod; fit: string } | undefined {
  const skillPod = anonymous(skillPodClass, namespace, name);
  const decision = decideResources(skillPod, skillPodClass);
  if (!decision.ok) return undefined;
  const built = workspacePodFor(skillPod, skillPodClass, decision.resources);
  return { pod: built, fit: fitOf(built.spec) };
}

function renamed(spec: V1PodSpec, className: string, secretName: string): V1PodSpec {
  const container = (c: V1Container): V1Container => ({
    ...c,
    env: c.env?.map((e) => {
      const ref = e.valueFrom?.secretKeyRef;
      return ref ? { ...e, valueFrom: { secretKeyRef: { ...ref, name: secretName } } } : e;
    }),
  });
  return {
    ...spec,
    serviceAccountName: poolObjectName(className),
    containers: spec.containers.map(container),
  };
}

/**
 * A pool Pod and its stream Secret: the desktop Pod the operator's own builders make for a SkillPod of the
 * class with defaults and an Ephemeral home, but owned by nobody, labelled for the pool, with passwords of
 * its own. Undefined when the class's defaults exceed its maximum (no SkillPod could use such a Pod).
 */
export function poolMemberFor(
  skillPodClass: SkillPodClass,
  namespace: string,
  name: string,
): { pod: V1Pod; secret: V1Secret } | undefined {
  const className = skillPodClass.metadata?.name ?? "";
  const built = buildPod(skillPodClass, namespace, name);
  if (!built) return undefined;
  const secretName = streamSecretNameOf(name);
  const pod: V1Pod = {
    apiVersion: "v1",
    kind: "Pod",
    metadata: {
      name,
      namespace,
      labels: { ...poolLabels(className, skillPodComponents.workspace), [poolOriginLabel]: className },
      annotations: { ...built.pod.metadata?.annotations, [fitAnnotation]: built.fit },
    },
    spec: renamed(built.pod.spec ?? { containers: [] }, className, secretName),
  };
  const secret = streamSecretFor(anonymous(skillPodClass, namespace, name), newStreamPasswords());
  secret.metadata = {
    name: secretName,
    namespace,
    labels: poolLabels(className, skillPodComponents.streamCredential),
  };
  return { pod, secret };
}

/** The pool's own ServiceAccount: no token, like every desktop's. */
export function poolServiceAccountFor(className: string, namespace: string): V1ServiceAccount {
  return {
    apiVersion: "v1",
    kind: "ServiceAccount",
    metadata: {
      name: poolObjectName(className),
      namespace,
      labels: poolLabels(className, skillPodComponents.serviceAccount),
    },
    automountServiceAccountToken: false,
  };
}

/** Deny all, both ways: a pool Pod serves nobody until adopted, then its SkillPod's own policy selects it. */
export function poolNetworkPolicyFor(className: string, namespace: string): V1NetworkPolicy {
  return {
    apiVersion: "networking.k8s.io/v1",
    kind: "NetworkPolicy",
    metadata: {
      name: poolObjectName(className),
      namespace,
      labels: poolLabels(className, skillPodComponents.networkPolicy),
    },
    spec: {
      podSelector: { matchLabels: { [labels.warmPool]: className } },
      policyTypes: ["Ingress", "Egress"],
    },
  };
}
