import type { SkillPod } from "@skillpod/api";
import type { ChildChange } from "./child-writer.js";
import { identityOf } from "./names.js";
import type { OwnWrites } from "./own-writes.js";
import type { SkillPodStore } from "./skillpod-store.js";
import { statusOf, type Observation } from "./status.js";

/** Key order differs between what we build and what the API server returns; compare canonically. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value).filter(([, v]) => v !== undefined && v !== null);
  return Object.fromEntries(
    entries.sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, canonical(v)]),
  );
}

function sameStatus(before: unknown, after: unknown): boolean {
  return JSON.stringify(canonical(before ?? {})) === JSON.stringify(canonical(after));
}

export type StatusWriterDeps = {
  store: SkillPodStore;
  ownWrites: OwnWrites;
  /** How often a running SkillPod's usage is refreshed: usage moves in steps of this size. */
  usageRefreshMs?: number;
  /** Whether the work queue holds this key again (it changed during the reconcile). */
  queuedAgain?: (key: string) => boolean;
};

/** Writes a SkillPod's status when, and only when, a write is needed. */
export class StatusWriter {
  constructor(private readonly deps: StatusWriterDeps) {}

  /**
   * A status that a later pass is sure to replace is not written: a pass that changed a child is followed by
   * another (the child's watch event brings it), as is one whose key was queued again meanwhile. That pass
   * writes the status from fresher observations; a new SkillPod's first status writes fold into one.
   */
  superseded(skillPod: SkillPod, changes: ChildChange[]): boolean {
    if (changes.length > 0) return true;
    const { namespace, name } = identityOf(skillPod);
    return this.deps.queuedAgain?.(`${namespace}/${name}`) ?? false;
  }

  /** Writes status only when it changed: our own write would otherwise wake the next reconcile. */
  async write(observation: Observation): Promise<void> {
    const status = statusOf({ ...observation, usageGranularitySeconds: this.usageGranularitySeconds() });
    if (sameStatus(observation.skillPod.status, status)) return;
    const written = await this.deps.store.writeStatus(observation.skillPod, status);
    this.deps.ownWrites.record(observation.skillPod, written);
  }

  private usageGranularitySeconds(): number {
    return Math.max(1, Math.round((this.deps.usageRefreshMs ?? 60_000) / 1000));
  }
}
