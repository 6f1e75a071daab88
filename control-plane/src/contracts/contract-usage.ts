// A contract's metered workspace time by UTC day: what the workers' usage metering recorded (usage_records,
// one row per SkillPod and metering run), each record's seconds spread over the days its period covers in
// proportion to the overlap, so a run that spans midnight counts on both days. Every day of the range is
// present, zero when nothing ran.
import type pg from "pg";
import { validationFailed } from "../errors/index.js";

export type UsageRange = { from: string; to: string };

export type UsageDay = {
  /** A UTC day, YYYY-MM-DD. */
  date: string;
  runningSeconds: number;
  skillPods: { name: string; runningSeconds: number }[];
};

export type ContractUsage = {
  contractId: string;
  from: string;
  to: string;
  totalSeconds: number;
  days: UsageDay[];
};

const dayMs = 86_400_000;
export const defaultUsageDays = 30;
export const maxUsageDays = 366;

const isoDay = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

/** The range asked for: `to` defaults to today (UTC), `from` to 29 days before `to`; at most 366 days. */
export function usageRange(query: { from?: string; to?: string }, nowMs = Date.now()): UsageRange {
  const toMs = Date.parse(`${query.to ?? isoDay(nowMs)}T00:00:00Z`);
  const fromMs = query.from ? Date.parse(`${query.from}T00:00:00Z`) : toMs - (defaultUsageDays - 1) * dayMs;
  if (Number.isNaN(fromMs) || Number.isNaN(toMs))
    throw validationFailed([{ field: Number.isNaN(fromMs) ? "from" : "to", message: "must be a date" }]);
  if (fromMs > toMs) throw validationFailed([{ field: "from", message: "must not be after to" }]);
  if ((toMs - fromMs) / dayMs + 1 > maxUsageDays)
    throw validationFailed([{ field: "from", message: `must be at most ${maxUsageDays} days before to` }]);
  return { from: isoDay(fromMs), to: isoDay(toMs) };
}

// $2 and $3 are the range's first day and the day after its last, as UTC midnights. A record with no length
// (start = end) counts whole on its day.
const usageSql = `
WITH r AS (
  SELECT skillpod_name, running_seconds,
         period_start AT TIME ZONE 'UTC' AS s, period_end AT TIME ZONE 'UTC' AS e
  FROM usage_records
  WHERE contract_id = $1 AND period_end >= $2::timestamp AT TIME ZONE 'UTC'
    AND period_start < $3::timestamp AT TIME ZONE 'UTC'
)
SELECT to_char(d.day, 'YYYY-MM-DD') AS date, r.skillpod_name AS name,
       round(sum(CASE WHEN r.e = r.s THEN r.running_seconds::float8
                 ELSE r.running_seconds * extract(epoch FROM least(r.e, d.day + interval '1 day') - greatest(r.s, d.day))
                      / extract(epoch FROM r.e - r.s) END))::int AS seconds
FROM r
CROSS JOIN LATERAL generate_series(date_trunc('day', r.s), r.e, interval '1 day') AS d(day)
WHERE d.day >= $2::timestamp AND d.day < $3::timestamp
  AND (r.e = r.s OR least(r.e, d.day + interval '1 day') > greatest(r.s, d.day))
GROUP BY 1, 2
ORDER BY 1, 2`;

type Row = { date: string; name: string; seconds: number };

function emptyDays(range: UsageRange): UsageDay[] {
  const days: UsageDay[] = [];
  const last = Date.parse(`${range.to}T00:00:00Z`);
  for (let at = Date.parse(`${range.from}T00:00:00Z`); at <= last; at += dayMs)
    days.push({ date: isoDay(at), runningSeconds: 0, skillPods: [] });
  return days;
}

/** The contract's metered time in the range, per day and per SkillPod (the caller's right to read it is checked before). */
export async function contractUsage(
  db: pg.Pool,
  contractId: string,
  range: UsageRange,
): Promise<ContractUsage> {
  const dayAfter = isoDay(Date.parse(`${range.to}T00:00:00Z`) + dayMs);
  const found = await db.query<Row>(usageSql, [contractId, range.from, dayAfter]);
  const days = emptyDays(range);
  const byDate = new Map(days.map((day) => [day.date, day]));
  for (const row of found.rows) {
    const day = byDate.get(row.date);
    if (!day || row.seconds <= 0) continue;
    day.skillPods.push({ name: row.name, runningSeconds: row.seconds });
    day.runningSeconds += row.seconds;
  }
  const totalSeconds = days.reduce((sum, day) => sum + day.runningSeconds, 0);
  return { contractId, ...range, totalSeconds, days };
}
