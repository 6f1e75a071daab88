// The workspaces capability's refusals. A SkillPod the caller may not see is the 404 a missing one gets.
import { SkpError, forbidden, notFound } from "../errors/index.js";

export const workspaceErrorCodes = {
  notRunning: "SKP_WORKSPACE_NOT_RUNNING",
  frozen: "SKP_WORKSPACE_FROZEN",
  contractEnded: "SKP_WORKSPACE_CONTRACT_ENDED",
  unavailable: "SKP_WORKSPACES_UNAVAILABLE",
} as const;

export const workspaceNotFound = (): SkpError => notFound("Workspace");

export const workspaceNotRunning = (phase: string): SkpError =>
  new SkpError(
    workspaceErrorCodes.notRunning,
    409,
    `The workspace is not running (it is ${phase}): start it first`,
    { phase },
  );

export const workspaceFrozen = (): SkpError =>
  new SkpError(
    workspaceErrorCodes.frozen,
    409,
    "The workspace is frozen by a dispute on its milestone until the dispute is resolved",
  );

/** A watcher can see the workspace, so it exists for them: 403, not the stranger's 404. */
export const workspaceOwnerOnly = (): SkpError =>
  forbidden("Only the workspace's owner may start or stop it");

export const workspaceContractEnded = (state: string): SkpError =>
  new SkpError(
    workspaceErrorCodes.contractEnded,
    409,
    `The workspace's contract is ${state}: its workspace cannot be started again`,
    { contractState: state },
  );

export const workspacesUnavailable = (): SkpError =>
  new SkpError(workspaceErrorCodes.unavailable, 503, "Workspaces are unavailable right now; retry later");
