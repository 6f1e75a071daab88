// The audit trail's filters as the URL holds them, the form shows them and the API takes them. Times are
// entered and shown in UTC (the trail's own clock), as datetime-local values without a zone.

export type AuditFilterValues = {
  actor: string;
  action: string;
  targetType: string;
  targetId: string;
  /** datetime-local text, UTC: "2026-12-07T10:30". */
  from: string;
  to: string;
};

export type AuditApiFilters = Partial<Record<keyof AuditFilterValues, string>>;

export type SearchParams = Record<string, string | string[] | undefined>;

const filterNames = ["actor", "action", "targetType", "targetId", "from", "to"] as const;
const localTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/;

function single(value: string | string[] | undefined): string {
  const text = Array.isArray(value) ? value[0] : value;
  return (text ?? "").trim().slice(0, 200);
}

/** The filters in the URL (unknown keys and repeats ignored), as the form's values. */
export function auditFiltersOf(search: SearchParams): AuditFilterValues {
  const values = Object.fromEntries(filterNames.map((name) => [name, single(search[name])]));
  return values as AuditFilterValues;
}

/** A datetime-local value read as UTC, as the API's date-time; undefined when it is not one. */
export function utcTimeOf(local: string): string | undefined {
  if (!localTime.test(local)) return undefined;
  const date = new Date(`${local.length === 16 ? `${local}:00` : local}Z`);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

/** A time the user typed that cannot be read: said next to the field rather than silently dropped. */
export function unreadableTimes(values: AuditFilterValues): ("from" | "to")[] {
  return (["from", "to"] as const).filter((name) => values[name] !== "" && !utcTimeOf(values[name]));
}

/** What the API is asked for: only the filters that are set (and readable). */
export function apiFiltersOf(values: AuditFilterValues): AuditApiFilters {
  const filters: AuditApiFilters = {};
  for (const name of ["actor", "action", "targetType", "targetId"] as const)
    if (values[name]) filters[name] = values[name];
  for (const name of ["from", "to"] as const) {
    const time = utcTimeOf(values[name]);
    if (time) filters[name] = time;
  }
  return filters;
}

/** A query string of the set filters and any extras (a cursor, verify), for links that keep the filters. */
export function queryOf(values: AuditFilterValues, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const name of filterNames) if (values[name]) params.set(name, values[name]);
  for (const [name, value] of Object.entries(extra)) params.set(name, value);
  const text = params.toString();
  return text ? `?${text}` : "";
}
