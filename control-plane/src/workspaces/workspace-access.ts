// One SkillPod as the caller may see it: the owner and the viewers desktopModeFor admits; anyone else gets the
// 404 a missing SkillPod gets, so nobody learns which SkillPods exist.
import type { CustomObjectsApi } from "@kubernetes/client-node";
import type { SkillPod } from "@skillpod/api";
import type pg from "pg";
import { desktopModeFor, type DesktopMode } from "../desktop-sessions/index.js";
import { readSkillPod, type SkillPodRef } from "./skillpod-store.js";

export type WorkspaceDeps = { pg: pg.Pool; custom: CustomObjectsApi };

export type WorkspaceAccess = { skillPod: SkillPod; mode: DesktopMode };

/** The SkillPod and the caller's mode on it, or undefined when it is missing or not theirs to see. */
export async function workspaceAccess(
  deps: WorkspaceDeps,
  userId: string,
  ref: SkillPodRef,
): Promise<WorkspaceAccess | undefined> {
  const skillPod = await readSkillPod(deps.custom, ref);
  if (skillPod === undefined) return undefined;
  const mode = await desktopModeFor(deps.pg, skillPod, userId);
  return mode === undefined ? undefined : { skillPod, mode };
}
