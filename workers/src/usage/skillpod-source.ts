// Reads contract-bound SkillPods from the Kubernetes API.
import type { CustomObjectsApi } from "@kubernetes/client-node";
import type { SkillPod } from "@skillpod/api";
import { labels, skillPodGroup, skillPodPlural, skillPodVersion } from "@skillpod/api";

export type MeteredSkillPod = {
  uid: string;
  namespace: string;
  name: string;
  contractId: string;
  skillPod: SkillPod;
};

type SkillPodPage = { items?: SkillPod[]; metadata?: { continue?: string } };

const pageSize = 500;

/**
 * Every SkillPod carrying the contract label, across all namespaces (or one, when `namespace` is given: a
 * field selector on the same cluster-wide list), paged so a large cluster is not one huge response.
 */
export async function listContractSkillPods(
  custom: CustomObjectsApi,
  namespace?: string,
): Promise<MeteredSkillPod[]> {
  const found: MeteredSkillPod[] = [];
  let next: string | undefined;
  do {
    const page = (await custom.listClusterCustomObject({
      group: skillPodGroup,
      version: skillPodVersion,
      plural: skillPodPlural,
      labelSelector: labels.contract,
      fieldSelector: namespace ? `metadata.namespace=${namespace}` : undefined,
      limit: pageSize,
      _continue: next,
    })) as SkillPodPage;
    for (const skillPod of page.items ?? []) {
      const metered = toMetered(skillPod);
      if (metered) found.push(metered);
    }
    next = page.metadata?.continue || undefined;
  } while (next);
  return found;
}

function toMetered(skillPod: SkillPod): MeteredSkillPod | undefined {
  const { uid, namespace, name, labels: objectLabels } = skillPod.metadata ?? {};
  const contractId = objectLabels?.[labels.contract];
  if (!uid || !namespace || !name || !contractId) return undefined;
  return { uid, namespace, name, contractId, skillPod };
}
