import type { KubernetesObject } from "@kubernetes/client-node";
import { createHash } from "node:crypto";

/** The hash of what the operator last applied, kept on the child itself so a restarted operator knows it too. */
export const appliedHashAnnotation = "skillpod.dev/applied-hash";

const hashOf = (object: unknown): string =>
  createHash("sha256").update(JSON.stringify(object)).digest("hex").slice(0, 32);

/** The desired child stamped with the hash of itself (taken before the stamp). */
export function stampApplied<T extends KubernetesObject>(desired: T): { stamped: T; hash: string } {
  const hash = hashOf(desired);
  const metadata = desired.metadata ?? {};
  const annotations = { ...metadata.annotations, [appliedHashAnnotation]: hash };
  return { stamped: { ...desired, metadata: { ...metadata, annotations } }, hash };
}

/**
 * Whether every field of `desired` has the same value in `actual`. Fields the API server or other
 * controllers add (defaults, status, their own labels) do not matter; a field of ours edited or removed
 * out of band does. Arrays must match element by element, since an apply would replace them.
 */
export function covers(desired: unknown, actual: unknown): boolean {
  if (Array.isArray(desired)) {
    return (
      Array.isArray(actual) &&
      desired.length === actual.length &&
      desired.every((d, i) => covers(d, actual[i]))
    );
  }
  if (desired === null || typeof desired !== "object") return desired === actual;
  if (actual === null || typeof actual !== "object" || Array.isArray(actual)) return false;
  const fields = actual as Record<string, unknown>;
  return Object.entries(desired).every(([key, value]) => value === undefined || covers(value, fields[key]));
}

function bodyOf(object: KubernetesObject): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(object).filter(([key]) => !["apiVersion", "kind", "metadata"].includes(key)),
  );
}

/**
 * A cached child needs no apply when it carries the hash of the same desired object (so no field was
 * dropped from what we want) and still holds every field we set (so nobody edited one away). Both hold
 * across other controllers' status updates and operator restarts, which a resourceVersion check does not.
 */
export function isCurrent<T extends KubernetesObject>(
  stamped: T,
  hash: string,
  cached: T | undefined,
): boolean {
  if (!cached || cached.metadata?.annotations?.[appliedHashAnnotation] !== hash) return false;
  // apiVersion and kind are left out: objects from an informer's list may come without them.
  return covers({ metadata: stamped.metadata, ...bodyOf(stamped) }, cached);
}
