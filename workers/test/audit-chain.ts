// Appends test events to the audit trail of a shared database as real links of its hash chain, the way the
// control plane's AuditWriter does, and checks those links afterwards. audit_events is append-only, so a row
// with a made-up hash would break the chain of that database for good (and every verify run after it).
import {
  AUDIT_APPEND_LOCK,
  GENESIS_HASH,
  chainHash,
  normaliseDetails,
  type AuditEventFields,
  type JsonObject,
} from "@skillpod/audit-format";
import type pg from "pg";

export type AuditEventSeed = Omit<AuditEventFields, "details"> & { details: Record<string, unknown> };

export type AppendedAuditEvent = AuditEventFields & { id: string; prevHash: string; hash: string };

type StoredEvent = {
  id: string;
  occurred_at: Date;
  actor_id: string | null;
  actor_type: string;
  action: string;
  target_type: string | null;
  target_id: string | null;
  request_id: string | null;
  ip: string | null;
  outcome: string;
  details: JsonObject;
  prev_hash: string;
  hash: string;
};

/** The chain's head: the newest event's hash, else the last retention checkpoint's, else the genesis hash. */
async function chainHead(client: pg.PoolClient): Promise<string> {
  const result = await client.query<{ head: string | null }>(
    `SELECT COALESCE(
       (SELECT hash FROM audit_events ORDER BY id DESC LIMIT 1),
       (SELECT last_hash FROM audit_checkpoints ORDER BY up_to_event_id DESC LIMIT 1)
     ) AS head`,
  );
  return result.rows[0]?.head ?? GENESIS_HASH;
}

async function insertLinked(client: pg.PoolClient, seed: AuditEventSeed): Promise<AppendedAuditEvent> {
  await client.query("SELECT pg_advisory_xact_lock($1::bigint)", [AUDIT_APPEND_LOCK.toString()]);
  // Read in a statement after the lock: the locking statement's snapshot could miss the previous writer's row.
  const prevHash = await chainHead(client);
  const fields: AuditEventFields = { ...seed, details: normaliseDetails(seed.details) };
  const hash = chainHash(prevHash, fields);
  const result = await client.query<{ id: string }>(
    `INSERT INTO audit_events (occurred_at, actor_id, actor_type, action, target_type, target_id, request_id, ip,
       outcome, details, prev_hash, hash)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11, $12) RETURNING id::text AS id`,
    [
      fields.occurredAt,
      fields.actorId,
      fields.actorType,
      fields.action,
      fields.targetType,
      fields.targetId,
      fields.requestId,
      fields.ip,
      fields.outcome,
      JSON.stringify(fields.details),
      prevHash,
      hash,
    ],
  );
  const id = result.rows[0]?.id;
  if (id === undefined) throw new Error("The audit insert returned no row");
  return { ...fields, id, prevHash, hash };
}

/** Appends one event in a transaction of its own, serialised with every other appender by the append lock. */
export async function appendAuditEvent(pool: pg.Pool, seed: AuditEventSeed): Promise<AppendedAuditEvent> {
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    const appended = await insertLinked(client, seed);
    await client.query("COMMIT");
    return appended;
  } catch (error) {
    await client.query("ROLLBACK");
    throw error;
  } finally {
    client.release();
  }
}

function storedFields(row: StoredEvent): AuditEventFields {
  return {
    occurredAt: row.occurred_at,
    actorId: row.actor_id,
    actorType: row.actor_type,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    requestId: row.request_id,
    ip: row.ip,
    outcome: row.outcome,
    details: row.details,
  };
}

/**
 * The given events' links that do not hold, as readable lines (empty when all hold): each event must hash, as
 * stored, to its hash, and its prev_hash must be the hash of the event before it by id (or of the last
 * checkpoint, or the genesis hash, when there is none). What others appended after them is theirs to answer for.
 */
export async function brokenLinksOf(pool: pg.Pool, ids: readonly string[]): Promise<string[]> {
  const result = await pool.query<StoredEvent & { before: string }>(
    `SELECT e.id::text AS id, e.occurred_at, e.actor_id, e.actor_type, e.action, e.target_type, e.target_id,
       e.request_id, e.ip, e.outcome, e.details, e.prev_hash, e.hash,
       COALESCE(
         (SELECT b.hash FROM audit_events b WHERE b.id < e.id ORDER BY b.id DESC LIMIT 1),
         (SELECT last_hash FROM audit_checkpoints ORDER BY up_to_event_id DESC LIMIT 1),
         $2
       ) AS before
     FROM audit_events e WHERE e.id = ANY($1::bigint[]) ORDER BY e.id`,
    [ids, GENESIS_HASH],
  );
  const broken = result.rows.flatMap((row) => [
    ...(chainHash(row.prev_hash, storedFields(row)) === row.hash ? [] : [`${row.id}: hash_mismatch`]),
    ...(row.before === row.prev_hash ? [] : [`${row.id}: prev_hash_mismatch`]),
  ]);
  const missing = ids.filter((id) => !result.rows.some((row) => row.id === id));
  return [...broken, ...missing.map((id) => `${id}: missing`)];
}
