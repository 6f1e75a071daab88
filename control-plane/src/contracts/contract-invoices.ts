// An hourly contract's weekly statements: the invoice lines the workers' usage metering writes (one per
// contract and ISO week: metered and billable minutes, the amount at the contract's rate, whether the weekly
// cap cut it), newest week first. A fixed-price contract has none.
import type pg from "pg";

export type InvoiceLine = {
  /** The week's Monday (UTC), YYYY-MM-DD. */
  weekStart: string;
  meteredMinutes: number;
  billableMinutes: number;
  amount: { amountMinor: number; currency: string };
  /** True when the weekly cap, not the metered time, set the amount. */
  capped: boolean;
  updatedAt: string;
};

type Row = {
  week_start: string;
  metered_minutes: number;
  billable_minutes: number;
  amount_minor: string;
  currency: string;
  capped: boolean;
  updated_at: Date;
};

const linesSql = `
SELECT to_char(week_start, 'YYYY-MM-DD') AS week_start, metered_minutes, billable_minutes,
       amount_minor::text AS amount_minor, currency, capped, updated_at
FROM invoice_lines WHERE contract_id = $1 ORDER BY week_start DESC LIMIT 520`;

/** The contract's invoice lines (the caller's right to read the contract is checked before). */
export async function contractInvoiceLines(db: pg.Pool, contractId: string): Promise<InvoiceLine[]> {
  const { rows } = await db.query<Row>(linesSql, [contractId]);
  return rows.map((row) => ({
    weekStart: row.week_start,
    meteredMinutes: row.metered_minutes,
    billableMinutes: row.billable_minutes,
    amount: { amountMinor: Number(row.amount_minor), currency: row.currency.trim() },
    capped: row.capped,
    updatedAt: row.updated_at.toISOString(),
  }));
}
