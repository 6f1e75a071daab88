import { exportLines, type AuditEventView } from "@skillpod/audit-format";
import { Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import type { Pool } from "pg";
import type { Logger } from "pino";
import { writeFileAtomically } from "./file.js";
import { AUDIT_EXPORTS_QUEUE, parseAuditExportJob } from "./job.js";
import {
  markDone,
  markFailed,
  markRunning,
  streamAuditEvents,
  type ClaimedExport,
  type ExportResult,
} from "./rows.js";

export type AuditExportWorkerOptions = {
  /** ioredis with maxRetriesPerRequest: null (BullMQ's requirement). */
  connection: Redis;
  pool: Pool;
  /** Where finished exports are written as `<id>.<format>`; created if missing. */
  exportDir: string;
  log: Logger;
  prefix?: string;
  /** Events read per query. */
  batchSize?: number;
  concurrency?: number;
};

const DEFAULT_BATCH_SIZE = 1_000;

async function* counted(
  events: AsyncIterable<AuditEventView>,
  counter: { rows: number },
): AsyncGenerator<AuditEventView> {
  for await (const event of events) {
    counter.rows += 1;
    yield event;
  }
}

async function produce(
  options: AuditExportWorkerOptions,
  exportId: string,
  claimed: ClaimedExport,
): Promise<ExportResult> {
  const directory = resolve(options.exportDir);
  await mkdir(directory, { recursive: true });
  const path = resolve(directory, `${exportId}.${claimed.format}`);
  const counter = { rows: 0 };
  const events = streamAuditEvents(options.pool, claimed.filters, options.batchSize ?? DEFAULT_BATCH_SIZE);
  const written = await writeFileAtomically(path, exportLines(counted(events, counter), claimed.format));
  return { path, rowCount: counter.rows, sha256: written.sha256 };
}

/** Records the failure on the row; a failure to record it is logged, never allowed to hide the original error. */
async function recordFailure(
  options: AuditExportWorkerOptions,
  exportId: string,
  error: unknown,
): Promise<void> {
  const message = error instanceof Error ? error.message : String(error);
  await markFailed(options.pool, exportId, message).catch((markError: unknown) => {
    options.log.error({ exportId, err: markError }, "Failed to mark audit export failed");
  });
}

async function processAuditExport(options: AuditExportWorkerOptions, job: Job): Promise<ExportResult> {
  const { exportId } = parseAuditExportJob(job.data);
  try {
    const claimed = await markRunning(options.pool, exportId);
    const result = await produce(options, exportId, claimed);
    await markDone(options.pool, exportId, result);
    options.log.info({ exportId, attempt: job.attemptsMade + 1, ...result }, "Wrote audit export");
    return result;
  } catch (error) {
    // Marked failed for whoever polls the row; rethrown so BullMQ retries (a retry marks it running again).
    await recordFailure(options, exportId, error);
    throw error;
  }
}

/** Consumes the audit-exports queue: each job writes one export file and records its path, size and digest. */
export function createAuditExportWorker(options: AuditExportWorkerOptions): Worker<unknown, ExportResult> {
  const worker = new Worker<unknown, ExportResult>(
    AUDIT_EXPORTS_QUEUE,
    (job) => processAuditExport(options, job),
    {
      connection: options.connection,
      concurrency: options.concurrency ?? 1,
      ...(options.prefix !== undefined ? { prefix: options.prefix } : {}),
    },
  );
  worker.on("failed", (job, error) => {
    options.log.warn(
      { jobId: job?.id, attemptsMade: job?.attemptsMade, err: error },
      "Failed audit export attempt",
    );
  });
  // Without a listener an 'error' event (e.g. Redis unreachable) would crash the process.
  worker.on("error", (error) => {
    options.log.error({ err: error }, "Audit export worker errored");
  });
  return worker;
}
