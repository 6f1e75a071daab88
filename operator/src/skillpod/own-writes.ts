import type { SkillPod } from "@skillpod/api";

type Written = { replaced: Set<string>; result: SkillPod; at: number };

/** The watch lags our writes by seconds at most: an older record only holds a SkillPod copy in memory. */
const keptMs = 60_000;

const keyOf = (skillPod: SkillPod): string =>
  `${skillPod.metadata?.namespace ?? ""}/${skillPod.metadata?.name ?? ""}`;

/**
 * The operator's own SkillPod writes that the informer may not have delivered yet. Under load the watch lags
 * behind a write by more than the next reconcile takes to start, and a reconcile on the older copy only earns
 * a conflict. Versions are compared for equality only: the cached copy is stale exactly when it is one our
 * writes replaced.
 */
export class OwnWrites {
  private readonly written = new Map<string, Written>();
  private prunedAt = 0;

  constructor(private readonly now: () => number = Date.now) {}

  record(before: SkillPod, after: SkillPod): void {
    this.prune();
    const key = keyOf(before);
    const earlier = this.written.get(key);
    const replaced = new Set<string>();
    const beforeVersion = before.metadata?.resourceVersion ?? "";
    // A chain of writes in one reconcile (finalizer, then status) replaced every version along the way.
    if (earlier?.result.metadata?.resourceVersion === beforeVersion)
      earlier.replaced.forEach((v) => replaced.add(v));
    replaced.add(beforeVersion);
    this.written.set(key, { replaced, result: after, at: this.now() });
  }

  /** SkillPods not reconciled since a write of ours would keep their copy here forever. */
  private prune(): void {
    const now = this.now();
    if (now - this.prunedAt < keptMs) return;
    this.prunedAt = now;
    for (const [key, written] of this.written) if (now - written.at > keptMs) this.written.delete(key);
  }

  get size(): number {
    return this.written.size;
  }

  /** Our newer copy while the cache still holds one it replaced; otherwise the cache's own. */
  fresher(namespace: string, name: string, cached: SkillPod | undefined): SkillPod | undefined {
    const key = `${namespace}/${name}`;
    const own = this.written.get(key);
    if (!own) return cached;
    if (cached && own.replaced.has(cached.metadata?.resourceVersion ?? "")) return own.result;
    this.written.delete(key);
    return cached;
  }
}
