export {
  AUDIT_EXPORTS_QUEUE,
  auditExportFiltersSchema,
  auditExportJobSchema,
  auditExportRequestSchema,
  parseAuditExportJob,
  type AuditExportFilters,
  type AuditExportJob,
  type AuditExportRequest,
  type StoredAuditExportFilters,
} from "./job.js";
export { requestAuditExport, type AuditExportProducer } from "./producer.js";
export { streamAuditEvents, type AuditExportState, type ExportResult } from "./rows.js";
export { createAuditExportWorker, type AuditExportWorkerOptions } from "./worker.js";
