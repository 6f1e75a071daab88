import type { KubernetesObject } from "@kubernetes/client-node";

type Path = readonly string[];

/**
 * Fields the API server or other controllers fill in that no builder writes and no reconcile reads, by kind.
 * At 10,000 SkillPods the informer caches hold 70,000 objects: these are a third of a Pod or a Service.
 * cache-compaction.test.ts checks that nothing the builders write is among them.
 */
const serverFilled: Record<string, Path[]> = {
  Pod: [
    ["spec", "dnsPolicy"],
    ["spec", "preemptionPolicy"],
    ["spec", "priority"],
    ["spec", "schedulerName"],
    ["spec", "serviceAccount"],
    ["spec", "terminationGracePeriodSeconds"],
    ["status", "containerStatuses"],
    ["status", "hostIP"],
    ["status", "hostIPs"],
    ["status", "podIP"],
    ["status", "podIPs"],
    ["status", "startTime"],
    ["status", "qosClass"],
  ],
  Service: [
    ["spec", "clusterIP"],
    ["spec", "clusterIPs"],
    ["spec", "ipFamilies"],
    ["spec", "ipFamilyPolicy"],
    ["spec", "sessionAffinity"],
    ["spec", "internalTrafficPolicy"],
    ["status"],
  ],
  PersistentVolumeClaim: [
    ["spec", "volumeMode"],
    ["status", "capacity"],
    ["status", "accessModes"],
  ],
};

/** In every container of a Pod. */
const containerDefaults = ["terminationMessagePath", "terminationMessagePolicy"];

function drop(object: Record<string, unknown>, path: Path): void {
  const [head, ...rest] = path;
  if (head === undefined) return;
  if (rest.length === 0) {
    delete object[head];
    return;
  }
  const next = object[head];
  if (next && typeof next === "object") drop(next as Record<string, unknown>, rest);
}

/**
 * Objects from a list are the client's typed models, which carry every field the type declares, mostly
 * undefined: removing those keys makes them as small as the plain objects a watch delivers.
 */
function dropUndefined(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) dropUndefined(item);
    return;
  }
  if (!value || typeof value !== "object") return;
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (record[key] === undefined) delete record[key];
    else dropUndefined(record[key]);
  }
}

/**
 * Shrinks an object in place for an informer cache (the caches hold the very object handed to their
 * handlers): managedFields, undefined keys and the server-filled fields of its kind go.
 */
export function compactForCache<T extends KubernetesObject>(kind: string, object: T): T {
  if (object.metadata) delete object.metadata.managedFields;
  dropUndefined(object);
  const record = object as unknown as Record<string, unknown>;
  for (const path of serverFilled[kind] ?? []) drop(record, path);
  if (kind === "Pod") {
    const containers = (record.spec as { containers?: Record<string, unknown>[] } | undefined)?.containers;
    for (const container of containers ?? []) for (const key of containerDefaults) delete container[key];
  }
  return object;
}
