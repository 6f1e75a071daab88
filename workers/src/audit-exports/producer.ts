import type { Queue } from "bullmq";
import type { Pool } from "pg";
import { auditExportRequestSchema, type AuditExportJob, type AuditExportRequest } from "./job.js";
import { markFailed } from "./rows.js";

export type AuditExportProducer = { pool: Pool; queue: Queue };

/**
 * Records an export request (state "queued") and queues its job under the export's id, so the id is both the
 * handle the requester polls and the job's dedupe key. Returns the export id.
 */
export async function requestAuditExport(
  deps: AuditExportProducer,
  request: AuditExportRequest,
): Promise<string> {
  const parsed = auditExportRequestSchema.parse(request);
  const inserted = await deps.pool.query<{ id: string }>(
    `INSERT INTO audit_exports (requested_by, format, filters, state) VALUES ($1, $2, $3, 'queued') RETURNING id`,
    [parsed.requestedBy, parsed.format, JSON.stringify(parsed.filters)],
  );
  const id = inserted.rows[0]?.id;
  if (id === undefined) throw new Error("INSERT INTO audit_exports returned no id");
  try {
    await deps.queue.add("export", { exportId: id } satisfies AuditExportJob, {
      jobId: id,
      attempts: 3,
      backoff: { type: "exponential", delay: 5_000 },
      removeOnComplete: { age: 7 * 24 * 60 * 60, count: 1_000 },
      removeOnFail: { age: 30 * 24 * 60 * 60, count: 1_000 },
    });
  } catch (error) {
    // Nothing would ever move a row without a job on from "queued": say why it will not be produced.
    await markFailed(deps.pool, id, `Could not be queued: ${(error as Error).message}`);
    throw error;
  }
  return id;
}
