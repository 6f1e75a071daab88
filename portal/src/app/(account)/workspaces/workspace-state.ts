import type { paths } from "../../../api/generated/schema";
import type { Tone } from "../../../components/ui";

export type Workspace =
  paths["/v1/workspaces/{namespace}/{name}"]["get"]["responses"][200]["content"]["application/json"];

/** Phases the operator moves through on its own: the page looks again until they settle. */
const settling = new Set(["Pending", "Provisioning", "Starting", "Stopping", "Terminating"]);

// The operator warns this long before an idle stop unless the workspace's class says otherwise; the API
// gives when the warning began, not when the stop comes, so the countdown is "about".
export const idleWarnSeconds = 300;

export function isSettling(ws: Workspace): boolean {
  if (ws.phase === null) return ws.state === "Running";
  if (settling.has(ws.phase)) return true;
  // Asked to run but not yet observed running (or the other way round): a start or stop is under way.
  return (
    (ws.state === "Running") !== (ws.phase === "Running") && ws.phase !== "Failed" && ws.phase !== "Expired"
  );
}

/** The workspace's state in a word or two and a tone, from what was asked and what the operator saw. */
export function statusOf(ws: Workspace): { text: string; tone: Tone } {
  if (ws.frozen) return { text: "Frozen by a dispute", tone: "danger" };
  if (ws.phase === "Failed") return { text: "Failed", tone: "danger" };
  if (ws.phase === "Expired") return { text: "Expired", tone: "warn" };
  if (ws.state === "Stopped")
    return ws.phase === "Stopped" ? { text: "Stopped", tone: "info" } : { text: "Stopping…", tone: "warn" };
  if (ws.phase === "Running" && ws.ready) return { text: "Running", tone: "ok" };
  return { text: "Starting…", tone: "accent" };
}

export type WorkspaceActions = { start: boolean; stop: boolean; open: boolean; watch: boolean };

function isOpenable(ws: Workspace): boolean {
  const usable = !ws.frozen && ws.phase !== "Expired";
  return usable && ws.state === "Running" && ws.phase === "Running" && ws.ready;
}

function isStartable(ws: Workspace): boolean {
  return !ws.frozen && ws.phase !== "Expired" && ws.state === "Stopped" && ws.phase !== "Stopping";
}

/** What the viewer may do now: the owner starts, stops and opens; a supervisor only watches. */
export function actionsFor(ws: Workspace): WorkspaceActions {
  const owner = ws.mode === "interactive";
  return {
    start: owner && isStartable(ws),
    stop: owner && ws.state === "Running",
    open: owner && isOpenable(ws),
    watch: !owner && isOpenable(ws),
  };
}

/** What to say when no button fits the workspace's state, so the card does not just end. */
export function waitingHint(ws: Workspace): string | undefined {
  const actions = actionsFor(ws);
  if (Object.values(actions).some(Boolean)) return undefined;
  if (ws.frozen) return "A dispute froze this workspace until it is resolved.";
  if (ws.phase === "Expired") return "This workspace has expired.";
  if (ws.mode === "watch") return "You can watch it while the freelancer has it running.";
  return "Wait a moment: the workspace is changing state.";
}

/** When an idle workspace will be stopped, as far as the page can tell (undefined without a warning). */
export function idleStopAt(ws: Workspace): string | undefined {
  if (!ws.idleWarning) return undefined;
  return new Date(Date.parse(ws.idleWarning.since) + idleWarnSeconds * 1000).toISOString();
}

/** "4:05" for a countdown; "0:00" once it has passed. */
export function countdownText(untilIso: string, nowMs: number): string {
  const left = Math.max(0, Math.round((Date.parse(untilIso) - nowMs) / 1000));
  const minutes = Math.floor(left / 60);
  return `${minutes}:${String(left % 60).padStart(2, "0")}`;
}

export function workspacePath(ws: Pick<Workspace, "namespace" | "name">): string {
  return `/workspaces/${encodeURIComponent(ws.namespace)}/${encodeURIComponent(ws.name)}`;
}
