// SkillPods per status phase, and how long the one longest in each phase has been there: a count alone cannot
// tell one SkillPod stuck in Provisioning from a steady stream passing through it, which the
// SkillPodsStuckProvisioning alert must.
import type { SkillPod } from "@skillpod/api";
import type { Gauge } from "prom-client";

export type PhaseGauges = { skillpods: Gauge<"phase">; skillpodsOldestInPhase: Gauge<"phase"> };

type Seen = { phase: string; since: number };

const phaseOf = (skillPod: SkillPod): string => skillPod.status?.phase ?? "Pending";
const keyOf = (s: SkillPod): string =>
  `${s.metadata?.namespace}/${s.metadata?.name}/${s.metadata?.uid ?? ""}`;

/**
 * When a SkillPod entered its phase is not in its status, so it is timed from when this replica first saw it
 * there: after a failover the new leader starts its clocks afresh, except for SkillPods never reconciled (no
 * status), whose wait started at creation.
 */
function firstSeen(skillPod: SkillPod, now: number): number {
  const created = Date.parse(String(skillPod.metadata?.creationTimestamp ?? ""));
  return skillPod.status === undefined && Number.isFinite(created) ? Math.min(created, now) : now;
}

export class SkillPodPhases {
  private seen = new Map<string, Seen>();

  constructor(private readonly gauges: PhaseGauges) {}

  /** Sets both gauges from the SkillPods the leader's cache holds now; phases nobody is in disappear. */
  observe(skillPods: readonly SkillPod[], now: number): void {
    const next = new Map<string, Seen>();
    const counts = new Map<string, number>();
    const oldest = new Map<string, number>();
    for (const skillPod of skillPods) {
      const key = keyOf(skillPod);
      const phase = phaseOf(skillPod);
      const previous = this.seen.get(key);
      const since = previous?.phase === phase ? previous.since : firstSeen(skillPod, now);
      next.set(key, { phase, since });
      counts.set(phase, (counts.get(phase) ?? 0) + 1);
      oldest.set(phase, Math.min(oldest.get(phase) ?? since, since));
    }
    this.seen = next;
    this.gauges.skillpods.reset();
    this.gauges.skillpodsOldestInPhase.reset();
    for (const [phase, n] of counts) this.gauges.skillpods.set({ phase }, n);
    for (const [phase, since] of oldest) {
      this.gauges.skillpodsOldestInPhase.set({ phase }, Math.max(0, (now - since) / 1000));
    }
  }
}
