// SkillPod objects through the Kubernetes API: read one, list those bound to some contracts, set spec.state.
// Kubernetes failures other than "not found" become one 503, so an unreachable apiserver never leaks as a 500.
import { PatchStrategy, setHeaderOptions, type CustomObjectsApi } from "@kubernetes/client-node";
import { trace } from "@opentelemetry/api";
import {
  labels,
  skillPodGroup,
  skillPodPlural,
  skillPodVersion,
  traceparentAnnotations,
  type SkillPod,
  type SkillPodList,
} from "@skillpod/api";
import { workspacesUnavailable } from "./workspace-errors.js";

export type SkillPodRef = { namespace: string; name: string };

const coordinates = { group: skillPodGroup, version: skillPodVersion, plural: skillPodPlural };
const mergePatch = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

/** Contract ids per label-selector list call: keeps each URL far below any proxy's limit. */
const contractsPerList = 40;

const statusCodeOf = (error: unknown): unknown => (error as { code?: unknown } | undefined)?.code;

export async function readSkillPod(
  custom: CustomObjectsApi,
  ref: SkillPodRef,
): Promise<SkillPod | undefined> {
  try {
    return (await custom.getNamespacedCustomObject({ ...coordinates, ...ref })) as SkillPod;
  } catch (error) {
    if (statusCodeOf(error) === 404) return undefined;
    throw workspacesUnavailable();
  }
}

/** Every SkillPod in the cluster labelled with one of these contracts. */
export async function skillPodsOfContracts(
  custom: CustomObjectsApi,
  contractIds: readonly string[],
): Promise<SkillPod[]> {
  const chunks: string[][] = [];
  for (let i = 0; i < contractIds.length; i += contractsPerList)
    chunks.push(contractIds.slice(i, i + contractsPerList));
  try {
    const lists = await Promise.all(
      chunks.map(
        async (ids) =>
          (await custom.listClusterCustomObject({
            ...coordinates,
            labelSelector: `${labels.contract} in (${ids.join(",")})`,
          })) as SkillPodList,
      ),
    );
    return lists.flatMap((list) => list.items);
  } catch {
    throw workspacesUnavailable();
  }
}

/**
 * A merge patch of spec.state; undefined when the SkillPod went away meanwhile. The request's span goes into
 * skillpod.dev/traceparent, so the operator's reconciles that start or stop the workspace join its trace.
 */
export async function patchSkillPodState(
  custom: CustomObjectsApi,
  ref: SkillPodRef,
  state: "Running" | "Stopped",
): Promise<SkillPod | undefined> {
  const annotations = traceparentAnnotations(trace.getActiveSpan()?.spanContext());
  try {
    return (await custom.patchNamespacedCustomObject(
      { ...coordinates, ...ref, body: { metadata: { annotations }, spec: { state } } },
      mergePatch,
    )) as SkillPod;
  } catch (error) {
    if (statusCodeOf(error) === 404) return undefined;
    throw workspacesUnavailable();
  }
}
