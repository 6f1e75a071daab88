// The SkillPod a milestone wants, and what to patch when one already exists.
import type { SkillPod, SkillPodSpec, SkillPodSpecPolicy, SkillPodSpecSupervision } from "@skillpod/api";
import { labels, skillPodApiVersion, skillPodKind } from "@skillpod/api";
import type { ProvisioningInput } from "@skillpod/contract-messages";
import { workspaceInvalid } from "./failures.js";

/** dueAt + graceSeconds, or undefined without a due date; a malformed dueAt can never be provisioned. */
export function expiresAtFor(dueAt: string | undefined, graceSeconds: number): string | undefined {
  if (dueAt === undefined) return undefined;
  const due = Date.parse(dueAt);
  if (Number.isNaN(due) || !Number.isFinite(graceSeconds)) {
    throw workspaceInvalid(`dueAt ${dueAt} with graceSeconds ${graceSeconds} is no valid expiry time`);
  }
  return new Date(due + graceSeconds * 1000).toISOString();
}

/** The contract's viewers and, when the terms set it, its recording; unset leaves the CRD default. */
export function supervisionFor(input: ProvisioningInput): SkillPodSpecSupervision {
  return {
    viewers: input.viewers,
    ...(input.recording === undefined ? {} : { recording: input.recording }),
  };
}

/**
 * The parts of the policy the terms set, or undefined when they set none: the CRD defaults clipboard and file
 * transfer, and the operator adds the class's egress allow list to the SkillPod's own.
 */
export function policyFor(input: ProvisioningInput): SkillPodSpecPolicy | undefined {
  const { clipboard, fileTransfer, egress } = input.policy ?? {};
  const policy: SkillPodSpecPolicy = {
    ...(clipboard === undefined ? {} : { clipboard }),
    ...(fileTransfer === undefined ? {} : { fileTransfer }),
    ...(egress === undefined ? {} : { egress: { allow: [...egress.allow] } }),
  };
  return Object.keys(policy).length > 0 ? policy : undefined;
}

export function desiredSkillPod(input: ProvisioningInput, name: string): SkillPod {
  const expiresAt = expiresAtFor(input.dueAt, input.graceSeconds);
  const policy = policyFor(input);
  return {
    apiVersion: skillPodApiVersion,
    kind: skillPodKind,
    metadata: {
      name,
      namespace: input.namespace,
      labels: { [labels.contract]: input.contractId, [labels.milestone]: input.milestoneId },
    },
    spec: {
      className: input.className,
      owner: { userId: input.ownerUserId },
      contract: { id: input.contractId, milestoneId: input.milestoneId },
      state: "Running",
      supervision: supervisionFor(input),
      ...(policy ? { policy } : {}),
      ...(expiresAt ? { expiresAt } : {}),
      expiryAction: "Stop",
      ...(input.budget ? { budget: { ...input.budget } } : {}),
    },
  };
}

/**
 * An existing SkillPod of this name must be this milestone's; className and owner are immutable, so a
 * mismatch there cannot be patched away.
 */
export function checkSameWorkspace(existing: SkillPod, desired: SkillPod): void {
  const identity = (s: SkillPod): string =>
    JSON.stringify([
      s.spec.contract?.id,
      s.spec.contract?.milestoneId,
      s.spec.className,
      s.spec.owner.userId,
    ]);
  if (identity(existing) !== identity(desired)) {
    throw workspaceInvalid(
      `SkillPod ${existing.metadata?.namespace}/${existing.metadata?.name} exists for another ` +
        `contract, class or owner: ${identity(existing)}`,
    );
  }
}

/** A budget only grows: one raised by a top-up since is not taken back by a retried ensure. */
function budgetGrows(existing: SkillPod, desired: SkillPod): boolean {
  const want = desired.spec.budget?.runningSeconds;
  return want !== undefined && (existing.spec.budget?.runningSeconds ?? -1) < want;
}

/** The merge patch that brings state, expiresAt and budget in line, or undefined when nothing differs. */
export function specPatchFor(existing: SkillPod, desired: SkillPod): Partial<SkillPodSpec> | undefined {
  const patch: Partial<SkillPodSpec> = {};
  if ((existing.spec.state ?? "Running") !== desired.spec.state) patch.state = desired.spec.state;
  const want = desired.spec.expiresAt;
  // Compare instants: the same time may be spelled with or without milliseconds.
  if (want && Date.parse(existing.spec.expiresAt ?? "") !== Date.parse(want)) patch.expiresAt = want;
  if (budgetGrows(existing, desired)) patch.budget = desired.spec.budget;
  return Object.keys(patch).length > 0 ? patch : undefined;
}
