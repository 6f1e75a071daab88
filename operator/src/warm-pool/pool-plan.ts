import type { V1Pod } from "@kubernetes/client-node";
import { fitAnnotation } from "./pool-member.js";

export type PoolPlan = {
  /** How many pool Pods to make. */
  create: number;
  /** Pool Pods to delete: built from an older class spec, failed, or more than the pool's size. */
  remove: V1Pod[];
  ready: number;
  starting: number;
};

export const isPodReady = (pod: V1Pod): boolean =>
  pod.status?.conditions?.some((c) => c.type === "Ready" && c.status === "True") ?? false;

const failed = (pod: V1Pod): boolean => ["Failed", "Succeeded"].includes(pod.status?.phase ?? "");

/**
 * What a pool needs, from its live members (not terminating), the class's current fit (undefined: no class)
 * and Pods made a moment ago that the watch has not shown yet. The extra ones removed are the least ready.
 */
export function planPool(
  members: V1Pod[],
  size: number,
  fit: string | undefined,
  unseenCreates: number,
): PoolPlan {
  const usable = (pod: V1Pod): boolean =>
    fit !== undefined && pod.metadata?.annotations?.[fitAnnotation] === fit && !failed(pod);
  const stale = members.filter((p) => !usable(p));
  const kept = members.filter(usable).sort((a, b) => Number(isPodReady(b)) - Number(isPodReady(a)));
  const excess = Math.max(0, kept.length + unseenCreates - size);
  const extra = excess > 0 ? kept.splice(Math.max(0, kept.length - excess)) : [];
  const ready = kept.filter(isPodReady).length;
  return {
    create: Math.max(0, size - kept.length - unseenCreates),
    remove: [...stale, ...extra],
    ready,
    starting: kept.length - ready + unseenCreates,
  };
}
