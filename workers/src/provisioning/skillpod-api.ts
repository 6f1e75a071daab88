// Reads and writes of SkillPod objects through the Kubernetes API.
import {
  CoreV1Api,
  CustomObjectsApi,
  PatchStrategy,
  setHeaderOptions,
  type KubeConfig,
} from "@kubernetes/client-node";
import type { SkillPod } from "@skillpod/api";
import { skillPodGroup, skillPodPlural, skillPodVersion } from "@skillpod/api";
import type { ProvisioningInput } from "@skillpod/contract-messages";
import { isNamespaceNotFound } from "@skillpod/kube-client";
import { ApplicationFailure } from "@temporalio/common";
import type { Logger } from "pino";
import { asWorkspaceFailure, statusCodeOf, workspaceInvalid } from "./failures.js";
import { skillPodNameFor } from "./skillpod-name.js";
import { checkSameWorkspace, desiredSkillPod, specPatchFor } from "./skillpod-object.js";
import { ensureTenantNamespace } from "./tenant-namespace.js";
import { activityTraceAnnotations, withTraceparent } from "./trace-annotation.js";
import type { DesiredState, EnsuredSkillPod, SkillPodRef } from "./types.js";

const coordinates = { group: skillPodGroup, version: skillPodVersion, plural: skillPodPlural };
const mergePatch = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

/** Retryable: the object may be recreated by a retried ensureSkillPod, or was deleted under us. */
export const skillPodNotFound = "SkillPodNotFound";

export function skillPodPath(namespace: string): string {
  return `/apis/${skillPodGroup}/${skillPodVersion}/namespaces/${namespace}/${skillPodPlural}`;
}

export class SkillPodApi {
  private readonly custom: CustomObjectsApi;
  private readonly core: CoreV1Api;

  constructor(
    kubeConfig: KubeConfig,
    private readonly log: Logger,
  ) {
    this.custom = kubeConfig.makeApiClient(CustomObjectsApi);
    this.core = kubeConfig.makeApiClient(CoreV1Api);
  }

  async read({ namespace, name }: SkillPodRef): Promise<SkillPod> {
    try {
      return (await this.custom.getNamespacedCustomObject({ ...coordinates, namespace, name })) as SkillPod;
    } catch (error) {
      if (statusCodeOf(error) !== 404) throw error;
      throw ApplicationFailure.create({
        type: skillPodNotFound,
        message: `SkillPod ${namespace}/${name} does not exist`,
      });
    }
  }

  /** Create, or adopt the one an earlier attempt created; only a differing state or expiresAt is written. */
  async ensure(input: ProvisioningInput): Promise<EnsuredSkillPod> {
    const name = skillPodNameFor(input.contractId, input.milestoneId);
    const desired = desiredSkillPod(input, name);
    const ref = { namespace: input.namespace, name };
    try {
      const created = await this.createInTenantNamespace(ref, desired);
      this.log.info({ ...ref, uid: created.metadata?.uid }, `Created SkillPod ${ref.namespace}/${name}`);
      return ensured(created);
    } catch (error) {
      if (statusCodeOf(error) !== 409) throw asWorkspaceFailure(error, `SkillPod ${ref.namespace}/${name}`);
    }
    return this.adopt(ref, desired);
  }

  /** The first workspace of a tenant finds no namespace: it is created, and the SkillPod with it. */
  private async createInTenantNamespace(ref: SkillPodRef, desired: SkillPod): Promise<SkillPod> {
    try {
      return await this.create(ref.namespace, desired);
    } catch (error) {
      if (!isNamespaceNotFound(error, ref.namespace)) throw error;
    }
    await ensureTenantNamespace(this.core, ref.namespace, this.log);
    return this.create(ref.namespace, desired);
  }

  private async create(namespace: string, desired: SkillPod): Promise<SkillPod> {
    return (await this.custom.createNamespacedCustomObject({
      ...coordinates,
      namespace,
      body: withTraceparent(desired),
    })) as SkillPod;
  }

  private async adopt(ref: SkillPodRef, desired: SkillPod): Promise<EnsuredSkillPod> {
    const existing = await this.read(ref);
    if (existing.metadata?.deletionTimestamp) {
      // Retry later: once the finalizer has run, a create makes a fresh one (which adopts the retained home).
      throw new Error(`SkillPod ${ref.namespace}/${ref.name} is being deleted`);
    }
    checkSameWorkspace(existing, desired);
    const patch = specPatchFor(existing, desired);
    if (!patch) {
      this.log.info({ ...ref }, `Found SkillPod ${ref.namespace}/${ref.name} up to date`);
      return ensured(existing);
    }
    const patched = await this.patchSpec(ref, patch);
    this.log.info({ ...ref, patch }, `Patched SkillPod ${ref.namespace}/${ref.name} to the milestone's spec`);
    return ensured(patched);
  }

  /** A merge patch of spec.state: writing the value it already has changes nothing, not even the generation. */
  async setState(ref: SkillPodRef, state: DesiredState): Promise<void> {
    try {
      await this.patchSpec(ref, { state });
    } catch (error) {
      // Nothing left to stop; starting one that is gone is for ensureSkillPod, not for a patch.
      if (statusCodeOf(error) === 404 && state === "Stopped") {
        this.log.info({ ...ref }, `Found SkillPod ${ref.namespace}/${ref.name} already gone`);
        return;
      }
      if (statusCodeOf(error) === 404) {
        throw workspaceInvalid(`SkillPod ${ref.namespace}/${ref.name} does not exist`);
      }
      throw asWorkspaceFailure(error, `state ${state} of SkillPod ${ref.namespace}/${ref.name}`);
    }
    this.log.info({ ...ref, state }, `Set SkillPod ${ref.namespace}/${ref.name} to ${state}`);
  }

  /**
   * Never lowers: a top-up signalled twice, or one overtaken by a larger, writes nothing. The write carries the
   * resourceVersion read, so a budget raised meanwhile is read again (the activity retries the conflict).
   */
  async raiseBudget(ref: SkillPodRef, runningSeconds: number): Promise<void> {
    const existing = await this.read(ref);
    const current = existing.spec.budget?.runningSeconds;
    if (current !== undefined && current >= runningSeconds) {
      this.log.info(
        { ...ref, current },
        `Found SkillPod ${ref.namespace}/${ref.name} budget at ${current}s already`,
      );
      return;
    }
    await this.custom.patchNamespacedCustomObject(
      {
        ...coordinates,
        ...ref,
        body: {
          metadata: {
            resourceVersion: existing.metadata?.resourceVersion,
            annotations: activityTraceAnnotations(),
          },
          spec: { budget: { runningSeconds } },
        },
      },
      mergePatch,
    );
    this.log.info(
      { ...ref, runningSeconds },
      `Raised SkillPod ${ref.namespace}/${ref.name} budget to ${runningSeconds}s`,
    );
  }

  private async patchSpec(ref: SkillPodRef, spec: object): Promise<SkillPod> {
    return (await this.custom.patchNamespacedCustomObject(
      { ...coordinates, ...ref, body: { metadata: { annotations: activityTraceAnnotations() }, spec } },
      mergePatch,
    )) as SkillPod;
  }
}

function ensured(skillPod: SkillPod): EnsuredSkillPod {
  return {
    namespace: skillPod.metadata?.namespace ?? "",
    name: skillPod.metadata?.name ?? "",
    uid: skillPod.metadata?.uid ?? "",
    expiresAt: skillPod.spec.expiresAt,
  };
}
