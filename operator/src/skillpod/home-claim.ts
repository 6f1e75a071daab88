import { PatchStrategy, setHeaderOptions, type V1PersistentVolumeClaim } from "@kubernetes/client-node";
import type { SkillPod } from "@skillpod/api";
import { labels, labelTrue } from "@skillpod/api";
import { deleteIgnoringMissing, type KubeClients } from "./kube-clients.js";

const mergePatch = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

export type HomeRelease = "Retained" | "Deleted" | "Absent";

function identity(claim: V1PersistentVolumeClaim): { name: string; namespace: string } {
  return { name: claim.metadata?.name ?? "", namespace: claim.metadata?.namespace ?? "" };
}

/**
 * What garbage collection would not do, per home.retain: delete the home, or keep it by dropping its
 * ownerReference (so the collector leaves it) and labelling it for the owner's next SkillPod. A merge patch
 * rather than an apply, because an apply would also drop spec fields this manager set, and PVC specs are
 * immutable.
 */
export async function releaseHome(
  skillPod: SkillPod,
  claim: V1PersistentVolumeClaim | undefined,
  clients: KubeClients,
): Promise<HomeRelease> {
  if (!claim) return "Absent";
  const { name, namespace } = identity(claim);
  if (skillPod.spec.home?.retain === "Delete") {
    await deleteIgnoringMissing(() =>
      clients.core.deleteNamespacedPersistentVolumeClaim({ name, namespace }),
    );
    return "Deleted";
  }
  const body = {
    metadata: {
      resourceVersion: claim.metadata?.resourceVersion,
      ownerReferences: null,
      labels: { [labels.retainedHome]: labelTrue },
    },
  };
  await clients.core.patchNamespacedPersistentVolumeClaim({ name, namespace, body }, mergePatch);
  return "Retained";
}

/** Adoption clears the retained label; the next apply then adds the new SkillPod's ownerReference. */
export async function clearRetainedLabel(
  claim: V1PersistentVolumeClaim,
  clients: KubeClients,
): Promise<void> {
  if (claim.metadata?.labels?.[labels.retainedHome] === undefined) return;
  const { name, namespace } = identity(claim);
  const body = {
    metadata: { resourceVersion: claim.metadata?.resourceVersion, labels: { [labels.retainedHome]: null } },
  };
  await clients.core.patchNamespacedPersistentVolumeClaim({ name, namespace, body }, mergePatch);
}

export type HomeProblem = { reason: "Invalid"; message: string } | undefined;

/** A home left by an earlier SkillPod is adopted only if it belongs to the same owner and nobody controls it. */
export function homeProblem(skillPod: SkillPod, claim: V1PersistentVolumeClaim | undefined): HomeProblem {
  if (!claim) return undefined;
  const controller = claim.metadata?.ownerReferences?.find((r) => r.controller);
  if (!controller) return retainedFor(skillPod, claim);
  return controller.uid === skillPod.metadata?.uid ? undefined : controlledElsewhere(claim, controller.uid);
}

function retainedFor(skillPod: SkillPod, claim: V1PersistentVolumeClaim): HomeProblem {
  const owner = claim.metadata?.labels?.[labels.owner];
  if (owner === skillPod.spec.owner.userId) return undefined;
  return {
    reason: "Invalid",
    message: `Home ${claim.metadata?.name} is retained for another owner (${owner})`,
  };
}

function controlledElsewhere(claim: V1PersistentVolumeClaim, uid: string): HomeProblem {
  return {
    reason: "Invalid",
    message: `Home ${claim.metadata?.name} still belongs to another SkillPod (uid ${uid})`,
  };
}
