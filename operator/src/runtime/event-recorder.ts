// Kubernetes Events for `kubectl describe`, aggregated like client-go's recorder: a reconcile loop that keeps
// hitting the same problem bumps one Event's count instead of flooding etcd with copies.
import { CoreV1Api, type CoreV1Event, type KubeConfig, type KubernetesObject } from "@kubernetes/client-node";
import { randomBytes } from "node:crypto";
import { hostname } from "node:os";
import type { Logger } from "pino";
import { describeApiError, isApiStatus } from "./api-errors.js";

export type EventType = "Normal" | "Warning";

export type EventRecorder = {
  /** Creates or aggregates an Event about `object`; never throws (a lost Event must not fail a reconcile). */
  record(object: KubernetesObject, type: EventType, reason: string, message: string): Promise<void>;
};

type Recorded = { name: string; namespace: string; count: number; lastSeen: number };

const AGGREGATION_WINDOW_MS = 10 * 60 * 1000;
const MAX_CACHED = 4096;

function describeObject(object: KubernetesObject): string {
  const { namespace, name } = object.metadata ?? {};
  return `${object.kind ?? "object"} ${namespace ? `${namespace}/` : ""}${name ?? "<unnamed>"}`;
}

function newEvent(
  object: KubernetesObject,
  fields: Omit<CoreV1Event, "metadata" | "involvedObject">,
): CoreV1Event {
  const meta = object.metadata ?? {};
  const name = meta.name ?? "unnamed";
  return {
    // client-go names events <object>.<timestamp in hex>; the random suffix avoids clashes within a millisecond.
    metadata: { name: `${name}.${Date.now().toString(16)}${randomBytes(2).toString("hex")}` },
    involvedObject: {
      apiVersion: object.apiVersion,
      kind: object.kind,
      name,
      namespace: meta.namespace,
      uid: meta.uid,
      resourceVersion: meta.resourceVersion,
    },
    ...fields,
  };
}

class KubeEventRecorder implements EventRecorder {
  private readonly api: CoreV1Api;
  private readonly host = hostname();
  // Map order is insertion order: re-inserting on use makes the first entry the least recently used.
  private readonly recorded = new Map<string, Recorded>();
  // Records of one key run one after another, so two quick repeats cannot both create an Event.
  private readonly pending = new Map<string, Promise<void>>();

  constructor(
    kubeConfig: KubeConfig,
    private readonly component: string,
    private readonly log: Logger,
  ) {
    this.api = kubeConfig.makeApiClient(CoreV1Api);
  }

  record(object: KubernetesObject, type: EventType, reason: string, message: string): Promise<void> {
    const meta = object.metadata ?? {};
    const key = JSON.stringify([
      meta.uid ?? `${object.kind}/${meta.namespace}/${meta.name}`,
      type,
      reason,
      message,
    ]);
    const previous = this.pending.get(key) ?? Promise.resolve();
    const next = previous
      .then(() => this.write(key, object, type, reason, message))
      .catch((error: unknown) => {
        this.log.warn(
          { error: describeApiError(error), reason, object: describeObject(object) },
          `Recording event ${reason} on ${describeObject(object)} failed`,
        );
      })
      .finally(() => {
        if (this.pending.get(key) === next) this.pending.delete(key);
      });
    this.pending.set(key, next);
    return next;
  }

  private async write(
    key: string,
    object: KubernetesObject,
    ...event: [EventType, string, string]
  ): Promise<void> {
    const now = Date.now();
    const previous = this.recorded.get(key);
    if (previous && now - previous.lastSeen <= AGGREGATION_WINDOW_MS) {
      const bumped = await this.bump(previous, now);
      if (bumped) return this.remember(key, bumped);
    }
    this.remember(key, await this.create(object, ...event));
  }

  /** Patches the count of an existing Event; undefined when it is gone (events expire after an hour). */
  private async bump(previous: Recorded, now: number): Promise<Recorded | undefined> {
    const count = previous.count + 1;
    try {
      await this.api.patchNamespacedEvent({
        name: previous.name,
        namespace: previous.namespace,
        // The client's default patch type is JSON Patch.
        body: [
          { op: "replace", path: "/count", value: count },
          { op: "replace", path: "/lastTimestamp", value: new Date(now).toISOString() },
        ],
      });
      return { ...previous, count, lastSeen: now };
    } catch (error) {
      if (isApiStatus(error, 404)) return undefined;
      throw error;
    }
  }

  private async create(
    object: KubernetesObject,
    type: EventType,
    reason: string,
    message: string,
  ): Promise<Recorded> {
    // Events about cluster-scoped objects live in "default", as client-go puts them.
    const namespace = object.metadata?.namespace || "default";
    const now = new Date();
    const body = newEvent(object, {
      type,
      reason,
      message,
      source: { component: this.component, host: this.host },
      reportingComponent: this.component,
      reportingInstance: this.host,
      firstTimestamp: now,
      lastTimestamp: now,
      count: 1,
    });
    const created = await this.api.createNamespacedEvent({ namespace, body });
    return { name: created.metadata.name ?? "", namespace, count: 1, lastSeen: now.getTime() };
  }

  private remember(key: string, recorded: Recorded): void {
    this.recorded.delete(key);
    this.recorded.set(key, recorded);
    if (this.recorded.size <= MAX_CACHED) return;
    const oldest = this.recorded.keys().next();
    if (!oldest.done) this.recorded.delete(oldest.value);
  }
}

/** Records Events as `component` (shown as "From" by kubectl describe). */
export function createEventRecorder(kubeConfig: KubeConfig, component: string, log: Logger): EventRecorder {
  return new KubeEventRecorder(kubeConfig, component, log);
}
