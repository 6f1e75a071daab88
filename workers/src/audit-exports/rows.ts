import {
  exportFormats,
  type AuditEventView,
  type ExportFormat,
  type JsonObject,
} from "@skillpod/audit-format";
import { UnrecoverableError } from "bullmq";
import type { Pool } from "pg";
import { z } from "zod";
import { auditExportFiltersSchema, type StoredAuditExportFilters } from "./job.js";

export type AuditExportState = "queued" | "running" | "done" | "failed";

export type ClaimedExport = { format: ExportFormat; filters: StoredAuditExportFilters };

const claimedSchema = z.object({ format: z.enum(exportFormats), filters: auditExportFiltersSchema });

/** Marks the export running (again, on a retry) and returns what to export; a missing row cannot be retried. */
export async function markRunning(pool: Pool, exportId: string): Promise<ClaimedExport> {
  const result = await pool.query(
    `UPDATE audit_exports SET state = 'running', error = NULL, path = NULL, row_count = NULL, sha256 = NULL,
       finished_at = NULL
     WHERE id = $1 RETURNING format, filters`,
    [exportId],
  );
  if (result.rowCount !== 1) throw new UnrecoverableError(`Audit export ${exportId} does not exist`);
  const parsed = claimedSchema.safeParse(result.rows[0]);
  if (!parsed.success)
    throw new UnrecoverableError(`Audit export ${exportId} is not valid: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

export type ExportResult = { path: string; rowCount: number; sha256: string };

export async function markDone(pool: Pool, exportId: string, result: ExportResult): Promise<void> {
  await pool.query(
    `UPDATE audit_exports SET state = 'done', path = $2, row_count = $3, sha256 = $4, error = NULL,
       finished_at = now()
     WHERE id = $1`,
    [exportId, result.path, result.rowCount, result.sha256],
  );
}

export async function markFailed(pool: Pool, exportId: string, message: string): Promise<void> {
  await pool.query(
    `UPDATE audit_exports SET state = 'failed', error = $2, path = NULL, row_count = NULL, sha256 = NULL,
       finished_at = now()
     WHERE id = $1`,
    [exportId, message.slice(0, 2_000)],
  );
}

type EventRow = {
  id: string;
  occurred_at: Date;
  actor_type: string;
  actor_id: string | null;
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

/** The row as the control plane shows it (see its viewOf): ids as decimal text, instants as ISO 8601. */
function viewOf(row: EventRow): AuditEventView {
  return {
    id: row.id,
    occurredAt: row.occurred_at.toISOString(),
    actorType: row.actor_type,
    actorId: row.actor_id,
    action: row.action,
    targetType: row.target_type,
    targetId: row.target_id,
    requestId: row.request_id,
    ip: row.ip,
    outcome: row.outcome,
    details: row.details,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

function whereOf(
  filters: StoredAuditExportFilters,
  after: string | null,
): { sql: string; params: unknown[] } {
  const conditions: string[] = [];
  const params: unknown[] = [];
  const add = (column: string, operator: string, value: unknown): void => {
    params.push(value);
    conditions.push(`${column} ${operator} $${params.length}`);
  };
  if (filters.actorId !== undefined) add("actor_id", "=", filters.actorId);
  if (filters.action !== undefined) add("action", "=", filters.action);
  if (filters.from !== undefined) add("occurred_at", ">=", filters.from);
  if (filters.to !== undefined) add("occurred_at", "<", filters.to);
  if (after !== null) add("id", ">", after);
  return { sql: conditions.length > 0 ? `WHERE ${conditions.join(" AND ")}` : "", params };
}

/**
 * Matching events in id (chain) order, a batch at a time. Keyset pagination (id > last seen) keeps every batch
 * an index range scan and stays correct while events are appended; OFFSET would rescan all earlier rows.
 */
export async function* streamAuditEvents(
  pool: Pool,
  filters: StoredAuditExportFilters,
  batchSize: number,
): AsyncGenerator<AuditEventView> {
  let after: string | null = null;
  for (;;) {
    const where = whereOf(filters, after);
    const result = await pool.query<EventRow>(
      `SELECT id::text AS id, occurred_at, actor_type, actor_id, action, target_type, target_id, request_id, ip,
         outcome, details, prev_hash, hash
       FROM audit_events ${where.sql} ORDER BY id LIMIT $${where.params.length + 1}`,
      [...where.params, batchSize],
    );
    for (const row of result.rows) yield viewOf(row);
    const last = result.rows.at(-1);
    if (!last || result.rows.length < batchSize) return;
    after = last.id;
  }
}
