export {
  AUDIT_APPEND_LOCK,
  GENESIS_HASH,
  canonicalEvent,
  canonicalJson,
  chainHash,
  normaliseDetails,
  type AuditEventFields,
} from "./chain.js";
export {
  csvCell,
  csvColumns,
  csvHeader,
  csvRow,
  exportContentTypes,
  exportFormats,
  exportLines,
  ndjsonLine,
  type AuditEventView,
  type ExportFormat,
  type JsonObject,
  type JsonValue,
} from "./export.js";
