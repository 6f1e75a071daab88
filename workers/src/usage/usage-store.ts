// PostgreSQL side of metering: cursors, usage records and invoice lines (tables from the Prisma migrations).
import type pg from "pg";
import { invoiceAmounts, isoWeekStart, weekMs, weekStartDate, type InvoiceAmounts } from "./invoice-math.js";
import { splitAcrossWeeks, usageDelta, type UsageSegment } from "./usage-math.js";

export type ContractTerms = {
  id: string;
  billing: "FIXED" | "HOURLY";
  hourlyRateMinor: bigint | null;
  weeklyLimitMinutes: number | null;
  currency: string;
};

type ContractRow = {
  id: string;
  billing: "FIXED" | "HOURLY";
  hourly_rate_minor: string | null;
  weekly_limit_minutes: number | null;
  currency: string;
};

/** The contracts among `ids` that have a row, by id. */
export async function loadContracts(pool: pg.Pool, ids: string[]): Promise<Map<string, ContractTerms>> {
  const { rows } = await pool.query<ContractRow>(
    `SELECT id, billing::text AS billing, hourly_rate_minor::text AS hourly_rate_minor,
            weekly_limit_minutes, currency
       FROM contracts WHERE id = ANY($1::text[])`,
    [ids],
  );
  return new Map(
    rows.map((row) => [
      row.id,
      {
        id: row.id,
        billing: row.billing,
        hourlyRateMinor: row.hourly_rate_minor === null ? null : BigInt(row.hourly_rate_minor),
        weeklyLimitMinutes: row.weekly_limit_minutes,
        currency: row.currency,
      },
    ]),
  );
}

/** Runs `work` in one transaction on a pooled connection; rolls back on any error. */
async function inTransaction<T>(pool: pg.Pool, work: (db: pg.PoolClient) => Promise<T>): Promise<T> {
  const db = await pool.connect();
  try {
    await db.query("BEGIN");
    const result = await work(db);
    await db.query("COMMIT");
    return result;
  } catch (error) {
    await db.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    db.release();
  }
}

export type HourlyContract = ContractTerms & { hourlyRateMinor: bigint };

export type MeterInput = {
  uid: string;
  name: string;
  contractId: string;
  cumulativeSeconds: number;
  /** Where the first period starts when the SkillPod has no cursor yet. */
  originMs: number;
  nowMs: number;
  /** Set for an hourly contract: its invoice lines are recomputed in the same transaction. */
  hourly?: HourlyContract;
};

export type InvoiceLineWrite = { weekStart: string } & InvoiceAmounts;

export type MeterResult = {
  /** usage_records rows written. */
  records: number;
  seconds: number;
  regressed: boolean;
  /** Invoice lines recomputed: one per ISO week that received time. */
  lines: InvoiceLineWrite[];
};

type CursorRow = { running_seconds: number; observed_at: Date };

async function lockCursor(db: pg.PoolClient, input: MeterInput): Promise<CursorRow> {
  // Create-then-lock: two runs meeting a new SkillPod both insert, one wins, and both then queue on the row.
  await db.query(
    `INSERT INTO usage_cursors (skillpod_uid, contract_id, running_seconds, observed_at)
     VALUES ($1, $2, 0, $3) ON CONFLICT (skillpod_uid) DO NOTHING`,
    [input.uid, input.contractId, new Date(input.originMs).toISOString()],
  );
  const { rows } = await db.query<CursorRow>(
    `SELECT running_seconds, observed_at FROM usage_cursors WHERE skillpod_uid = $1 FOR UPDATE`,
    [input.uid],
  );
  const cursor = rows[0];
  if (!cursor) throw new Error(`usage cursor of SkillPod ${input.uid} vanished while locked`);
  return cursor;
}

async function insertRecords(db: pg.PoolClient, input: MeterInput, segments: UsageSegment[]): Promise<void> {
  if (segments.length === 0) return;
  await db.query(
    `INSERT INTO usage_records
       (contract_id, skillpod_uid, skillpod_name, period_start, period_end, running_seconds)
     SELECT $1, $2, $3, s, e, n FROM unnest($4::timestamptz[], $5::timestamptz[], $6::int[]) AS t(s, e, n)`,
    [
      input.contractId,
      input.uid,
      input.name,
      segments.map((s) => new Date(s.periodStart).toISOString()),
      segments.map((s) => new Date(s.periodEnd).toISOString()),
      segments.map((s) => s.seconds),
    ],
  );
}

/**
 * One SkillPod, one transaction: lock its cursor, record what ran since, move the cursor and, for an hourly
 * contract, recompute the invoice lines of the weeks that received time — so a line is never behind the
 * records committed with it, even when a run fails half-way and its retry finds nothing new to record.
 * A run that retries after a commit finds the moved cursor and records only newer time; a period_end already
 * recorded violates the (skillpod_uid, period_end) key and rolls everything back rather than counting twice.
 */
export function meterSkillPod(pool: pg.Pool, input: MeterInput): Promise<MeterResult> {
  return inTransaction(pool, async (db) => {
    const cursor = await lockCursor(db, input);
    const since = cursor.observed_at.getTime();
    // A later run got here first (or clocks disagree): its cursor already covers this moment.
    if (input.nowMs <= since) return { records: 0, seconds: 0, regressed: false, lines: [] };
    const delta = usageDelta(input.cumulativeSeconds, cursor.running_seconds);
    const segments = splitAcrossWeeks(since, input.nowMs, delta.deltaSeconds);
    await insertRecords(db, input, segments);
    await db.query(
      `UPDATE usage_cursors SET contract_id = $2, running_seconds = $3, observed_at = $4
        WHERE skillpod_uid = $1`,
      [input.uid, input.contractId, delta.cursorSeconds, new Date(input.nowMs).toISOString()],
    );
    const lines: InvoiceLineWrite[] = [];
    // Segments are in time order, so concurrent transactions take the week locks in the same order.
    for (const segment of input.hourly ? segments : []) {
      lines.push(await upsertInvoiceLine(db, input.hourly!, isoWeekStart(segment.periodStart)));
    }
    return { records: segments.length, seconds: delta.deltaSeconds, regressed: delta.regressed, lines };
  });
}

// First key of pg_advisory_xact_lock(int, int) for invoice lines ("USAG"), so other lock users cannot collide.
const invoiceLockClass = 0x55534147;

/**
 * Recomputes one hourly contract's line for one ISO week from all its usage records and upserts it.
 * Writers serialise on an advisory lock per (contract, week) held to commit, and the sum is read after the
 * lock is granted, so each writer sees every record committed before it (and its own).
 */
async function upsertInvoiceLine(
  db: pg.PoolClient,
  contract: HourlyContract,
  weekStartMs: number,
): Promise<InvoiceLineWrite> {
  const week = weekStartDate(weekStartMs);
  await db.query(`SELECT pg_advisory_xact_lock($1, hashtext($2 || '/' || $3))`, [
    invoiceLockClass,
    contract.id,
    week,
  ]);
  // Records never cross a week boundary (splitAcrossWeeks), so their start places them; the period_end
  // bounds follow from that and let the (contract_id, period_end) index do the work.
  const { rows } = await db.query<{ seconds: string }>(
    `SELECT COALESCE(SUM(running_seconds), 0)::text AS seconds FROM usage_records
      WHERE contract_id = $1 AND period_start >= $2 AND period_start < $3
        AND period_end >= $2 AND period_end <= $3`,
    [contract.id, new Date(weekStartMs).toISOString(), new Date(weekStartMs + weekMs).toISOString()],
  );
  const amounts = invoiceAmounts(Number(rows[0]?.seconds ?? 0), contract);
  await db.query(
    `INSERT INTO invoice_lines
       (contract_id, week_start, metered_minutes, billable_minutes, amount_minor, currency, capped, updated_at)
     VALUES ($1, $2::date, $3, $4, $5, $6, $7, now())
     ON CONFLICT (contract_id, week_start) DO UPDATE SET
       metered_minutes = EXCLUDED.metered_minutes, billable_minutes = EXCLUDED.billable_minutes,
       amount_minor = EXCLUDED.amount_minor, currency = EXCLUDED.currency, capped = EXCLUDED.capped,
       updated_at = EXCLUDED.updated_at`,
    [
      contract.id,
      week,
      amounts.meteredMinutes,
      amounts.billableMinutes,
      amounts.amountMinor.toString(),
      contract.currency,
      amounts.capped,
    ],
  );
  return { weekStart: week, ...amounts };
}
