// The audit trail's hash chain: how an event is turned into canonical text and linked to the one before it.
// It is a storage format, shared by the control plane's writer and verifier and by anything else that appends
// to or checks the chain, so every writer produces links every verifier accepts.
import { createHash } from "node:crypto";
import type { JsonObject } from "./export.js";

/** The chain's first link: the prev_hash of the very first event (before any retention). */
export const GENESIS_HASH = "0".repeat(64);

/**
 * The one advisory lock key every appender takes (transaction-scoped) before reading the chain head.
 * Advisory locks are per database, so every replica of the app (and every test database) serialises on its
 * own chain head.
 */
export const AUDIT_APPEND_LOCK = 0x736b_7061_7564_6974n; // "skpaudit"

/** Exactly the fields the hash covers; id, prevHash and hash are the chain's own bookkeeping. */
export type AuditEventFields = {
  occurredAt: Date;
  actorId: string | null;
  actorType: string;
  action: string;
  targetType: string | null;
  targetId: string | null;
  requestId: string | null;
  ip: string | null;
  outcome: string;
  details: JsonObject;
};

/**
 * JSON with object keys sorted at every depth and no whitespace, so the same value always hashes the same,
 * whatever key order PostgreSQL's jsonb hands back (it reorders keys by length).
 */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item ?? null)).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Round-trips details through JSON so what is hashed is exactly what jsonb will store and give back
 * (undefined members dropped, Dates as strings, -0 as 0).
 */
export function normaliseDetails(details: Record<string, unknown> | undefined): JsonObject {
  return JSON.parse(JSON.stringify(details ?? {})) as JsonObject;
}

/** The canonical text of an event: a fixed field set, so adding columns later cannot change old hashes. */
export function canonicalEvent(event: AuditEventFields): string {
  return canonicalJson({
    occurredAt: event.occurredAt.toISOString(),
    actorId: event.actorId,
    actorType: event.actorType,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    requestId: event.requestId,
    ip: event.ip,
    outcome: event.outcome,
    details: event.details,
  });
}

/** hash = sha256(prev_hash ‖ canonical event), over the UTF-8 bytes of both, as lowercase hex. */
export function chainHash(prevHash: string, event: AuditEventFields): string {
  return createHash("sha256").update(prevHash, "utf8").update(canonicalEvent(event), "utf8").digest("hex");
}
