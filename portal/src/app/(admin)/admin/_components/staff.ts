import "server-only";
import { hasRole, requireViewer, type Viewer } from "../../../../server/viewer";

/** Admins and auditors: they read the audit trail and the SkillPodClasses. */
export function isStaff(viewer: Viewer): boolean {
  return hasRole(viewer, "admin") || hasRole(viewer, "auditor");
}

/**
 * The signed-in viewer when they may see the page (`admin`: only admins, who resolve disputes and see
 * accounts; `staff`: auditors too), else undefined. A signed-out browser is sent to sign in and back.
 */
export async function staffViewer(path: string, who: "staff" | "admin"): Promise<Viewer | undefined> {
  const viewer = await requireViewer(path);
  const allowed = who === "admin" ? hasRole(viewer, "admin") : isStaff(viewer);
  return allowed ? viewer : undefined;
}
