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
