// The BullMQ side of the workers process: notification and audit-export consumers on one Redis client.
import type { Worker } from "bullmq";
import type { Redis } from "ioredis";
import type pg from "pg";
import type { Logger } from "pino";
import { createAuditExportWorker } from "./audit-exports/index.js";
import type { WorkersConfig } from "./config.js";
import { createNotificationWorker, createSmtpMailer } from "./notifications/index.js";

export function startConsumers(
  config: Pick<
    WorkersConfig,
    "WORKERS_CONSUMERS" | "SMTP_URL" | "MAIL_FROM" | "NOTIFICATIONS_CONCURRENCY" | "AUDIT_EXPORT_DIR"
  >,
  clients: { connection: Redis; pool: pg.Pool; log: Logger; prefix: string },
): Worker[] {
  const consumers: Worker[] = [];
  if (config.WORKERS_CONSUMERS.includes("notifications")) {
    consumers.push(
      createNotificationWorker({
        ...clients,
        mailer: createSmtpMailer({ smtpUrl: config.SMTP_URL, from: config.MAIL_FROM }),
        concurrency: config.NOTIFICATIONS_CONCURRENCY,
      }),
    );
  }
  if (config.WORKERS_CONSUMERS.includes("audit-exports")) {
    consumers.push(createAuditExportWorker({ ...clients, exportDir: config.AUDIT_EXPORT_DIR }));
  }
  return consumers;
}
