// Waits for a SkillPod to become Ready by watching it, not polling: one GET for the resourceVersion, then a
// watch on that one object, started again from a fresh GET whenever it ends (client-node watches end
// silently, and the server ends them after timeoutSeconds).
import { Watch, type KubeConfig } from "@kubernetes/client-node";
import type { SkillPod } from "@skillpod/api";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";
import { workspaceInvalid } from "./failures.js";
import { readinessOf, type Readiness } from "./readiness.js";
import { skillPodPath, type SkillPodApi } from "./skillpod-api.js";
import type { ReadySkillPod, SkillPodRef } from "./types.js";

export type ReadyWaitOptions = {
  /** Activity heartbeat: a dead worker shows as a heartbeat timeout, and cancellation arrives with it. */
  heartbeat: (details: { phase: string }) => void;
  /** Aborts the wait (activity cancellation). */
  signal: AbortSignal;
  heartbeatIntervalMs?: number;
  /** The server closes each watch after this long; a fresh GET and watch follow. */
  watchTimeoutSeconds?: number;
};

type Deps = { kubeConfig: KubeConfig; skillPods: Pick<SkillPodApi, "read">; log: Logger };

/** A watch that ends sooner than this is started again only after a pause, so a failing watch cannot spin. */
const minimumWatchMs = 1000;

export async function waitUntilReady(
  deps: Deps,
  ref: SkillPodRef,
  options: ReadyWaitOptions,
): Promise<ReadySkillPod> {
  let phase = "Unknown";
  const beat = (): void => options.heartbeat({ phase });
  const timer = setInterval(beat, options.heartbeatIntervalMs ?? 5000);
  try {
    for (;;) {
      options.signal.throwIfAborted();
      const current = await deps.skillPods.read(ref);
      const readiness = readinessOf(current);
      phase = readiness.phase;
      beat();
      if (readiness.kind !== "waiting") return settle(ref, readiness, deps.log);
      const started = Date.now();
      const watched = await watchOnce(deps, ref, current.metadata?.resourceVersion ?? "", {
        ...options,
        onPhase: (p) => (phase = p),
      });
      if (watched) return settle(ref, watched, deps.log);
      if (Date.now() - started < minimumWatchMs)
        await sleep(minimumWatchMs, undefined, { signal: options.signal });
    }
  } finally {
    clearInterval(timer);
  }
}

function settle(ref: SkillPodRef, readiness: Readiness, log: Logger): ReadySkillPod {
  if (readiness.kind === "ready") {
    log.info({ ...ref, endpoint: readiness.endpoint }, `Found SkillPod ${ref.namespace}/${ref.name} ready`);
    return { phase: readiness.phase, endpoint: readiness.endpoint, readyAt: readiness.readyAt };
  }
  if (readiness.kind === "invalid") {
    throw workspaceInvalid(
      `SkillPod ${ref.namespace}/${ref.name} cannot become ready: ${readiness.reason}: ${readiness.message}`,
      { phase: readiness.phase, reason: readiness.reason },
    );
  }
  throw new Error(`SkillPod ${ref.namespace}/${ref.name} is still ${readiness.phase}`);
}

type WatchOptions = ReadyWaitOptions & { onPhase: (phase: string) => void };

/** One watch from resourceVersion: the first decisive status, or undefined when the watch ended without one. */
function watchOnce(
  deps: Deps,
  ref: SkillPodRef,
  resourceVersion: string,
  options: WatchOptions,
): Promise<Readiness | undefined> {
  return new Promise((resolve, reject) => {
    let controller: AbortController | undefined;
    let settled = false;
    const finish = (outcome: () => void): void => {
      if (settled) return;
      settled = true;
      options.signal.removeEventListener("abort", onAbort);
      controller?.abort();
      outcome();
    };
    const onAbort = (): void => finish(() => reject(options.signal.reason as Error));
    options.signal.addEventListener("abort", onAbort, { once: true });
    if (options.signal.aborted) return onAbort();
    const onEvent = (type: string, object: SkillPod): void => {
      // ERROR is mostly 410 Gone (resourceVersion too old), DELETED leaves nothing to wait for: a fresh GET
      // decides what follows.
      if (type === "ERROR" || type === "DELETED") return finish(() => resolve(undefined));
      if (type === "BOOKMARK") return;
      const readiness = readinessOf(object);
      options.onPhase(readiness.phase);
      if (readiness.kind !== "waiting") finish(() => resolve(readiness));
    };
    const onDone = (error: unknown): void => {
      if (error) deps.log.debug({ ...ref, err: error }, `Watch of SkillPod ${ref.name} ended`);
      finish(() => resolve(undefined));
    };
    const query = {
      fieldSelector: `metadata.name=${ref.name}`,
      resourceVersion,
      allowWatchBookmarks: true,
      timeoutSeconds: options.watchTimeoutSeconds ?? 60,
    };
    new Watch(deps.kubeConfig).watch(skillPodPath(ref.namespace), query, onEvent, onDone).then((c) => {
      controller = c;
      if (settled) c.abort();
    }, onDone);
  });
}
