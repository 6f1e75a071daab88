// Idempotency-Key on contract moves: a retried request (same caller, key, route and body) gets the answer
// the first one got instead of the workflow's 409 for a move already made. The workflow alone guarantees that
// money moves once; this only spares the retrying client a confusing refusal. Answers are kept a day.
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { SkpError, conflict } from "../errors/index.js";

const ttlSeconds = 24 * 3600;
/** Long enough for a move whose workflow update retries while a worker restarts. */
const pendingSeconds = 120;

type Stored = { fingerprint: string; pending: true } | { fingerprint: string; body: unknown };

const keyOf = (userId: string, key: string): string => `skillpod:contract-moves:idempotency:${userId}:${key}`;

export function fingerprintOf(route: string, body: unknown): string {
  return createHash("sha256")
    .update(route)
    .update("\n")
    .update(JSON.stringify(body ?? null))
    .digest("hex");
}

function reused(): SkpError {
  return new SkpError(
    "SKP_IDEMPOTENCY_KEY_REUSED",
    422,
    "This Idempotency-Key was used for a different request",
  );
}

/** Runs `work` once per (caller, key); a repeat with the same request gets the remembered answer. */
export async function onceForKey<T>(
  redis: Redis,
  scope: { userId: string; key: string; fingerprint: string },
  work: () => Promise<T>,
): Promise<T> {
  const redisKey = keyOf(scope.userId, scope.key);
  const pending: Stored = { fingerprint: scope.fingerprint, pending: true };
  const claimed = await redis.set(redisKey, JSON.stringify(pending), "EX", pendingSeconds, "NX");
  if (claimed === null) {
    const stored = JSON.parse((await redis.get(redisKey)) ?? "null") as Stored | null;
    if (stored === null) return onceForKey(redis, scope, work);
    if (stored.fingerprint !== scope.fingerprint) throw reused();
    if ("pending" in stored) throw conflict("SKP_REQUEST_IN_PROGRESS", "The same request is still running");
    return stored.body as T;
  }
  try {
    const body = await work();
    const done: Stored = { fingerprint: scope.fingerprint, body };
    await redis.set(redisKey, JSON.stringify(done), "EX", ttlSeconds);
    return body;
  } catch (error) {
    // A refused or failed move may be retried with the same key and may then succeed.
    await redis.del(redisKey);
    throw error;
  }
}
