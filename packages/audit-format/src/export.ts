// The audit export's byte format, shared by the control plane's streaming export and the workers' file
// exports, so both produce the same files from the same events.

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

/** An event as the API and the archives show it: ids as decimal strings (JSON has no 64-bit integers). */
export type AuditEventView = {
  id: string;
  occurredAt: string;
  actorType: string;
  actorId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  requestId: string | null;
  ip: string | null;
  outcome: string;
  details: JsonObject;
  prevHash: string;
  hash: string;
};

export const exportFormats = ["ndjson", "csv"] as const;
export type ExportFormat = (typeof exportFormats)[number];

export const exportContentTypes: Record<ExportFormat, string> = {
  ndjson: "application/x-ndjson; charset=utf-8",
  csv: "text/csv; charset=utf-8",
};

export const csvColumns = [
  "id",
  "occurredAt",
  "actorType",
  "actorId",
  "action",
  "targetType",
  "targetId",
  "requestId",
  "ip",
  "outcome",
  "details",
  "prevHash",
  "hash",
] as const satisfies readonly (keyof AuditEventView)[];

// Spreadsheets run a cell that starts with one of these as a formula (CSV injection); tab and carriage return
// are on OWASP's list too, because some spreadsheets strip them and then see the formula behind them.
const formulaStart = /^[=+\-@\t\r]/;
const needsQuoting = /[",\r\n]/;

/** One RFC 4180 cell: formula-like text is defused with a leading quote, then quoted if it must be. */
export function csvCell(value: string | null): string {
  if (value === null) return "";
  const defused = formulaStart.test(value) ? `'${value}` : value;
  return needsQuoting.test(defused) ? `"${defused.replaceAll('"', '""')}"` : defused;
}

export function csvHeader(): string {
  return `${csvColumns.join(",")}\r\n`;
}

export function csvRow(event: AuditEventView): string {
  const cells = csvColumns.map((column) => {
    const value = event[column];
    return csvCell(typeof value === "string" || value === null ? value : JSON.stringify(value));
  });
  return `${cells.join(",")}\r\n`;
}

/**
 * One JSON object per line. The object is rebuilt field by field so the line's keys and their order are fixed
 * here, whatever order (or extra properties) the caller's object happens to have.
 */
export function ndjsonLine(event: AuditEventView): string {
  const line: AuditEventView = {
    id: event.id,
    occurredAt: event.occurredAt,
    actorType: event.actorType,
    actorId: event.actorId,
    action: event.action,
    targetType: event.targetType,
    targetId: event.targetId,
    requestId: event.requestId,
    ip: event.ip,
    outcome: event.outcome,
    details: event.details,
    prevHash: event.prevHash,
    hash: event.hash,
  };
  return `${JSON.stringify(line)}\n`;
}

/** The export as text chunks: a header for CSV, then one line per event, as the events arrive. */
export async function* exportLines(
  events: AsyncIterable<AuditEventView>,
  format: ExportFormat,
): AsyncGenerator<string> {
  if (format === "csv") yield csvHeader();
  const line = format === "csv" ? csvRow : ndjsonLine;
  for await (const event of events) yield line(event);
}
