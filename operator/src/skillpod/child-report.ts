import type { SkillPod } from "@skillpod/api";
import type { Logger } from "pino";
import type { EventRecorder } from "../runtime/index.js";
import type { ChildChange } from "./child-writer.js";
import { identityOf } from "./names.js";

const keyOf = (skillPod: SkillPod): string => {
  const { namespace, name } = identityOf(skillPod);
  return `${namespace}/${name}`;
};

/**
 * Tells what a reconcile changed among a SkillPod's children: a log line per change, and Events. Every Event is
 * a write the API server must absorb, so a new SkillPod gets one: the children made before its home binds
 * wait here, in memory, and are reported together with its Pod.
 */
export class ChildChangeReport {
  private readonly awaitingPod = new Map<string, string[]>();

  constructor(
    private readonly events: EventRecorder,
    private readonly log: Logger,
  ) {}

  /** `podPending`: the SkillPod wants a Pod that is not made yet (it will be, in a later pass). */
  async report(skillPod: SkillPod, changes: ChildChange[], podPending: boolean): Promise<void> {
    if (changes.length === 0) return;
    const { name, namespace } = identityOf(skillPod);
    const lines = changes.map((c) => `${c.action} ${c.kind} ${c.name}`);
    for (const line of lines) this.log.info({ skillPod: name, namespace }, line);
    const key = keyOf(skillPod);
    const created = changes.every((c) => c.action === "Created");
    const earlier = this.awaitingPod.get(key) ?? [];
    if (created && podPending) {
      this.awaitingPod.set(key, [...earlier, ...lines]);
      return;
    }
    this.awaitingPod.delete(key);
    const reason = created ? "CreatedChildren" : "UpdatedChildren";
    await this.events.record(skillPod, "Normal", reason, [...earlier, ...lines].join("; "));
  }

  /** A SkillPod that goes before its Pod was made: nothing is left to report. */
  forget(skillPod: SkillPod): void {
    this.awaitingPod.delete(keyOf(skillPod));
  }
}
