// The workspaces capability: the caller's SkillPods with their live status, start and stop, the opening of
// desktop sessions on them (tickets and access rules live in desktop-sessions), and the SkillPodClasses.
export {
  openDesktopSession,
  type DesktopSessionDeps,
  type OpenedDesktopSession,
} from "./desktop-session-opening.js";
export { contractStanding, isFrozen, type ContractStanding } from "./freeze.js";
export { readSkillPod, type SkillPodRef } from "./skillpod-store.js";
export { listSkillPodClasses, type SkillPodClassView } from "./skillpod-classes.js";
export type { AuditTrail } from "./workspace-audit.js";
export { workspaceAccess, type WorkspaceAccess, type WorkspaceDeps } from "./workspace-access.js";
export { workspaceErrorCodes, workspaceNotFound } from "./workspace-errors.js";
export { myWorkspaces, listedMode } from "./workspace-list.js";
export { setWorkspaceState, type WantedState } from "./workspace-states.js";
export { workspaceView, type WorkspaceView } from "./workspace-view.js";
