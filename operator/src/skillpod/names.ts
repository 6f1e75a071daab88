import type { SkillPod } from "@skillpod/api";
import { labels, managedBy, skillPodApiVersion, skillPodKind } from "@skillpod/api";

/** name and namespace of any object, empty when absent, so callers need not test for either. */
export function identityOf(object: { metadata?: { name?: string; namespace?: string } }): {
  name: string;
  namespace: string;
} {
  return { name: object.metadata?.name ?? "", namespace: object.metadata?.namespace ?? "" };
}

/** Children's names derive from the SkillPod's, so a rerun finds what an earlier run made. */
export function childNames(skillPodName: string): {
  workspace: string;
  streamSecret: string;
  home: string;
} {
  return {
    workspace: `ws-${skillPodName}`,
    streamSecret: `ws-${skillPodName}-stream`,
    home: `home-${skillPodName}`,
  };
}

/** Labels every child carries: which SkillPod, whose, for which contract. */
export function childLabels(skillPod: SkillPod, component: string): Record<string, string> {
  const result: Record<string, string> = {
    [labels.managedBy]: managedBy,
    [labels.skillPod]: skillPod.metadata?.name ?? "",
    [labels.owner]: skillPod.spec.owner.userId,
    [labels.component]: component,
  };
  const contract = skillPod.spec.contract;
  if (contract?.id) result[labels.contract] = contract.id;
  if (contract?.milestoneId) result[labels.milestone] = contract.milestoneId;
  return result;
}

/** The selector of the workspace Pod: stable across restarts and label additions. */
export function workspaceSelector(skillPodName: string): Record<string, string> {
  return { [labels.skillPod]: skillPodName, [labels.component]: "workspace" };
}

export function controllerReference(skillPod: SkillPod): {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller: boolean;
  blockOwnerDeletion: boolean;
} {
  return {
    // Constants, not the object's own fields: objects from an informer's list may come without them.
    apiVersion: skillPodApiVersion,
    kind: skillPodKind,
    name: skillPod.metadata?.name ?? "",
    uid: skillPod.metadata?.uid ?? "",
    controller: true,
    blockOwnerDeletion: true,
  };
}
