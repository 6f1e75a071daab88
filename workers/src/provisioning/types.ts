// Inputs and results of the provisioning activities. No runtime code: the workflow imports these as types.
import type { ProvisioningInput } from "@skillpod/contract-messages";

export type SkillPodRef = { namespace: string; name: string };

export type EnsuredSkillPod = SkillPodRef & { uid: string; expiresAt?: string };

export type ReadySkillPod = { phase: string; endpoint: string; readyAt?: string };

export type DesiredState = "Running" | "Stopped";

export type WorkspaceRecord = {
  contractId: string;
  milestoneId: string;
  namespace: string;
  name: string;
  /** Running, Stopped or Failed: what the workflow last made of the SkillPod. */
  state: string;
  endpoint?: string;
  /** ISO 8601. */
  expiresAt?: string;
  /** ISO 8601. */
  readyAt?: string;
};

export type ProvisioningActivities = {
  ensureSkillPod(input: ProvisioningInput): Promise<EnsuredSkillPod>;
  waitForSkillPodReady(ref: SkillPodRef): Promise<ReadySkillPod>;
  setSkillPodState(request: SkillPodRef & { state: DesiredState }): Promise<void>;
  /** Raises spec.budget.runningSeconds to this total; a budget already as large is left alone. */
  raiseSkillPodBudget(request: SkillPodRef & { runningSeconds: number }): Promise<void>;
  recordWorkspace(record: WorkspaceRecord): Promise<void>;
};
