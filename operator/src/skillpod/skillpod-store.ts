import { PatchStrategy, setHeaderOptions } from "@kubernetes/client-node";
import type { SkillPod, SkillPodClass, SkillPodStatus } from "@skillpod/api";
import {
  finalizerName,
  stoppedReasonAnnotation,
  skillPodClassPlural,
  skillPodGroup,
  skillPodPlural,
  skillPodVersion,
} from "@skillpod/api";
import { activeTraceAnnotations } from "../runtime/index.js";
import { deleteIgnoringMissing, readOptional, type KubeClients } from "./kube-clients.js";

const mergePatch = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);
const jsonPatch = setHeaderOptions("Content-Type", PatchStrategy.JsonPatch);
const coordinates = { group: skillPodGroup, version: skillPodVersion, plural: skillPodPlural };

/** A merge patch leaves out undefined keys; null removes them, so a field that no longer applies goes. */
function withNulls(status: SkillPodStatus): Record<string, unknown> {
  return Object.fromEntries(Object.entries(status).map(([key, value]) => [key, value ?? null]));
}

/** Reads and writes SkillPods and SkillPodClasses; every write is guarded by the resourceVersion it read. */
export class SkillPodStore {
  constructor(private readonly clients: KubeClients) {}

  get(namespace: string, name: string): Promise<SkillPod | undefined> {
    return readOptional(
      () =>
        this.clients.custom.getNamespacedCustomObject({
          ...coordinates,
          namespace,
          name,
        }) as Promise<SkillPod>,
    );
  }

  getClass(name: string): Promise<SkillPodClass | undefined> {
    return readOptional(
      () =>
        this.clients.custom.getClusterCustomObject({
          group: skillPodGroup,
          version: skillPodVersion,
          plural: skillPodClassPlural,
          name,
        }) as Promise<SkillPodClass>,
    );
  }

  private patch(skillPod: SkillPod, body: object, options = mergePatch): Promise<SkillPod> {
    const { namespace = "", name = "" } = skillPod.metadata ?? {};
    return this.clients.custom.patchNamespacedCustomObject(
      { ...coordinates, namespace, name, body },
      options,
    ) as Promise<SkillPod>;
  }

  addFinalizer(skillPod: SkillPod): Promise<SkillPod> {
    const finalizers = [...(skillPod.metadata?.finalizers ?? []), finalizerName];
    return this.patch(skillPod, {
      metadata: { finalizers, resourceVersion: skillPod.metadata?.resourceVersion },
    });
  }

  /** A JSON patch with a `test` so that a finalizer list changed meanwhile is not clobbered. */
  removeFinalizer(skillPod: SkillPod): Promise<SkillPod> {
    const finalizers = skillPod.metadata?.finalizers ?? [];
    const index = finalizers.indexOf(finalizerName);
    if (index < 0) return Promise.resolve(skillPod);
    const body = [
      { op: "test", path: `/metadata/finalizers/${index}`, value: finalizerName },
      { op: "remove", path: `/metadata/finalizers/${index}` },
    ];
    return this.patch(skillPod, body, jsonPatch);
  }

  /**
   * The operator's one write to spec: stopping an idle workspace, so the owner sees why and can restart it.
   * The reconcile that decided it becomes the stop's traceparent, so the reconciles that carry it out join it.
   */
  stop(skillPod: SkillPod, reason: string): Promise<SkillPod> {
    return this.patch(skillPod, {
      metadata: {
        resourceVersion: skillPod.metadata?.resourceVersion,
        annotations: { [stoppedReasonAnnotation]: reason, ...activeTraceAnnotations() },
      },
      spec: { state: "Stopped" },
    });
  }

  writeStatus(skillPod: SkillPod, status: SkillPodStatus): Promise<SkillPod> {
    const { namespace = "", name = "", resourceVersion } = skillPod.metadata ?? {};
    return this.clients.custom.patchNamespacedCustomObjectStatus(
      { ...coordinates, namespace, name, body: { metadata: { resourceVersion }, status: withNulls(status) } },
      mergePatch,
    ) as Promise<SkillPod>;
  }

  delete(skillPod: SkillPod): Promise<boolean> {
    const { namespace = "", name = "" } = skillPod.metadata ?? {};
    return deleteIgnoringMissing(() =>
      this.clients.custom.deleteNamespacedCustomObject({ ...coordinates, namespace, name }),
    );
  }
}
