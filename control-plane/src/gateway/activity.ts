// A person's input in an interactive session marks its SkillPod active (skillpod.dev/last-activity), which
// drives idle auto-stop and metered time. Keys and pointer events arrive dozens a second, so each SkillPod
// is written at most once per interval: first a check in memory, then a Redis key shared by every replica,
// so two gateways serving the same SkillPod do not both write.
import { CustomObjectsApi, PatchStrategy, setHeaderOptions, type KubeConfig } from "@kubernetes/client-node";
import { activityAnnotation, skillPodGroup, skillPodPlural, skillPodVersion } from "@skillpod/api";
import type { Redis } from "ioredis";
import type { Logger } from "pino";
import type { GatewayMetrics } from "./gateway-metrics.js";

const coordinates = { group: skillPodGroup, version: skillPodVersion, plural: skillPodPlural };
const mergePatch = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);
const claimKey = (namespace: string, name: string): string =>
  `skillpod:gateway:activity:${namespace}/${name}`;

export type ActivityWrite = (namespace: string, name: string, at: Date) => Promise<void>;

/** A merge patch of the one annotation: nothing else in metadata is touched. */
export function annotationWriter(kubeConfig: KubeConfig): ActivityWrite {
  const custom = kubeConfig.makeApiClient(CustomObjectsApi);
  return async (namespace, name, at) => {
    const body = { metadata: { annotations: { [activityAnnotation]: at.toISOString() } } };
    await custom.patchNamespacedCustomObject({ ...coordinates, namespace, name, body }, mergePatch);
  };
}

export type ActivityOptions = {
  redis: Pick<Redis, "set" | "del">;
  write: ActivityWrite;
  intervalMs: number;
  log: Logger;
  metrics: Pick<GatewayMetrics, "activityWrites">;
  now?: () => number;
};

export class ActivityRecorder {
  readonly #options: ActivityOptions;
  readonly #now: () => number;
  /** When each SkillPod was last claimed by this process (ms). */
  readonly #claimed = new Map<string, number>();

  constructor(options: ActivityOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Called on every input message: cheap unless the SkillPod's interval has passed. */
  record(namespace: string, name: string): void {
    const key = `${namespace}/${name}`;
    const now = this.#now();
    const last = this.#claimed.get(key);
    if (last !== undefined && now - last < this.#options.intervalMs) return;
    this.#claimed.set(key, now);
    if (this.#claimed.size > 10_000) this.#forgetOlderThan(now - this.#options.intervalMs);
    void this.#claimAndWrite(namespace, name, now);
  }

  async #claimAndWrite(namespace: string, name: string, now: number): Promise<void> {
    const { redis, write, intervalMs, log, metrics } = this.#options;
    const key = claimKey(namespace, name);
    let claimed = false;
    try {
      claimed = (await redis.set(key, String(now), "PX", intervalMs, "NX")) === "OK";
      if (!claimed) {
        metrics.activityWrites.inc({ outcome: "claimed_elsewhere" });
        return;
      }
      await write(namespace, name, new Date(now));
      metrics.activityWrites.inc({ outcome: "written" });
      log.debug({ namespace, name }, `Marked SkillPod ${namespace}/${name} active`);
    } catch (error) {
      metrics.activityWrites.inc({ outcome: "failed" });
      // The next input (here or on another replica) retries instead of waiting out the interval.
      this.#claimed.delete(`${namespace}/${name}`);
      if (claimed) await redis.del(key).catch(() => undefined);
      log.warn({ err: error, namespace, name }, `Failed to mark SkillPod ${namespace}/${name} active`);
    }
  }

  #forgetOlderThan(cutoff: number): void {
    for (const [key, at] of this.#claimed) if (at < cutoff) this.#claimed.delete(key);
  }
}
