import { randomBytes } from "node:crypto";
import type { Pool } from "pg";
import { quoteSchema } from "./schema.js";

export type FaultMode = "fail" | "timeout" | "slow" | "decline";

export type PayoutInput = {
  amountMinor: number;
  currency: string;
  destination: string;
  metadata: Record<string, unknown>;
};

export type PayoutRecord = PayoutInput & {
  id: string;
  idempotencyKey: string;
  requestHash: string;
  status: "paid" | "pending";
  createdAt: string;
};

export type FaultRecord = {
  id: string;
  mode: FaultMode;
  destination: string | null;
  remaining: number;
  delayMs: number;
  createdAt: string;
};

type PayoutRow = {
  id: string;
  idempotency_key: string;
  request_hash: string;
  amount_minor: string;
  currency: string;
  destination: string;
  metadata: Record<string, unknown>;
  status: "paid" | "pending";
  created_at: Date;
};

type FaultRow = {
  id: string;
  mode: FaultMode;
  destination: string | null;
  remaining: number;
  delay_ms: number;
  created_at: Date;
};

const PAYOUT_COLUMNS =
  "id, idempotency_key, request_hash, amount_minor, currency, destination, metadata, status, created_at";
const FAULT_COLUMNS = "id, mode, destination, remaining, delay_ms, created_at";

function toPayout(row: PayoutRow): PayoutRecord {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    requestHash: row.request_hash,
    // Amounts are validated as safe integers on the way in, so the bigint round-trips exactly.
    amountMinor: Number(row.amount_minor),
    currency: row.currency,
    destination: row.destination,
    metadata: row.metadata,
    status: row.status,
    createdAt: row.created_at.toISOString(),
  };
}

function toFault(row: FaultRow): FaultRecord {
  return {
    id: row.id,
    mode: row.mode,
    destination: row.destination,
    remaining: row.remaining,
    delayMs: row.delay_ms,
    createdAt: row.created_at.toISOString(),
  };
}

function newId(prefix: string): string {
  return `${prefix}_${randomBytes(12).toString("hex")}`;
}

export type SandboxStore = {
  createOrGet(
    key: string,
    hash: string,
    input: PayoutInput,
  ): Promise<{ payout: PayoutRecord; created: boolean }>;
  getPayout(id: string): Promise<PayoutRecord | undefined>;
  listPayouts(filter: { destination?: string; milestoneId?: string; limit: number }): Promise<PayoutRecord[]>;
  addFault(fault: {
    mode: FaultMode;
    count: number;
    delayMs: number;
    destination: string | null;
  }): Promise<FaultRecord>;
  consumeFault(destination: string): Promise<FaultRecord | undefined>;
  listFaults(destination: string | undefined): Promise<FaultRecord[]>;
  clearFaults(destination: string | undefined): Promise<number>;
  ping(): Promise<void>;
};

export function createStore(pool: Pool, schema: string): SandboxStore {
  const s = quoteSchema(schema);
  return {
    /** Inserts unless the key exists; returns the stored payout for the key and whether this call created it. */
    async createOrGet(
      key: string,
      hash: string,
      input: PayoutInput,
    ): Promise<{ payout: PayoutRecord; created: boolean }> {
      // ON CONFLICT waits for a concurrent insert of the same key to commit, so the read below always finds it.
      const inserted = await pool.query<PayoutRow>(
        `INSERT INTO ${s}.payouts (id, idempotency_key, request_hash, amount_minor, currency, destination, metadata)
         VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb)
         ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING ${PAYOUT_COLUMNS}`,
        [
          newId("po"),
          key,
          hash,
          input.amountMinor,
          input.currency,
          input.destination,
          JSON.stringify(input.metadata),
        ],
      );
      const row = inserted.rows[0];
      if (row) return { payout: toPayout(row), created: true };
      const existing = await pool.query<PayoutRow>(
        `SELECT ${PAYOUT_COLUMNS} FROM ${s}.payouts WHERE idempotency_key = $1`,
        [key],
      );
      const found = existing.rows[0];
      if (!found) throw new Error(`Payout for idempotency key ${key} vanished after a conflicting insert`);
      return { payout: toPayout(found), created: false };
    },

    async getPayout(id: string): Promise<PayoutRecord | undefined> {
      const result = await pool.query<PayoutRow>(`SELECT ${PAYOUT_COLUMNS} FROM ${s}.payouts WHERE id = $1`, [
        id,
      ]);
      const row = result.rows[0];
      return row ? toPayout(row) : undefined;
    },

    async listPayouts(filter: {
      destination?: string;
      milestoneId?: string;
      limit: number;
    }): Promise<PayoutRecord[]> {
      const result = await pool.query<PayoutRow>(
        `SELECT ${PAYOUT_COLUMNS} FROM ${s}.payouts
         WHERE ($1::text IS NULL OR destination = $1) AND ($2::text IS NULL OR metadata->>'milestoneId' = $2)
         ORDER BY created_at, id
         LIMIT $3`,
        [filter.destination ?? null, filter.milestoneId ?? null, filter.limit],
      );
      return result.rows.map(toPayout);
    },

    async addFault(fault: {
      mode: FaultMode;
      count: number;
      delayMs: number;
      destination: string | null;
    }): Promise<FaultRecord> {
      const result = await pool.query<FaultRow>(
        `INSERT INTO ${s}.faults (id, mode, destination, remaining, delay_ms)
         VALUES ($1, $2, $3, $4, $5) RETURNING ${FAULT_COLUMNS}`,
        [newId("flt"), fault.mode, fault.destination, fault.count, fault.delayMs],
      );
      return toFault(result.rows[0] as FaultRow);
    },

    /**
     * Takes one use of the oldest fault matching a destination (destination-scoped faults before global ones)
     * in one statement. Not SKIP LOCKED: a request racing another for a fault with uses left must wait and take
     * the next use, not skip the fault. A waiter re-checks `remaining > 0` on the row it waited for; if that
     * fault ran out meanwhile it looks again, so another matching fault is not missed.
     */
    async consumeFault(destination: string): Promise<FaultRecord | undefined> {
      for (let attempt = 0; attempt < 5; attempt++) {
        const result = await pool.query<FaultRow>(
          `UPDATE ${s}.faults SET remaining = remaining - 1
           WHERE remaining > 0 AND id = (
             SELECT id FROM ${s}.faults
             WHERE remaining > 0 AND (destination IS NULL OR destination = $1)
             ORDER BY (destination IS NULL), created_at, id
             LIMIT 1
           )
           RETURNING ${FAULT_COLUMNS}`,
          [destination],
        );
        const row = result.rows[0];
        if (row) return toFault(row);
        const left = await pool.query(
          `SELECT 1 FROM ${s}.faults WHERE remaining > 0 AND (destination IS NULL OR destination = $1) LIMIT 1`,
          [destination],
        );
        if (left.rowCount === 0) return undefined;
      }
      return undefined;
    },

    /** Faults with uses left; with a destination, that destination's own faults and the global ones. */
    async listFaults(destination: string | undefined): Promise<FaultRecord[]> {
      const result = await pool.query<FaultRow>(
        `SELECT ${FAULT_COLUMNS} FROM ${s}.faults
         WHERE remaining > 0 AND ($1::text IS NULL OR destination IS NULL OR destination = $1)
         ORDER BY created_at, id`,
        [destination ?? null],
      );
      return result.rows.map(toFault);
    },

    async clearFaults(destination: string | undefined): Promise<number> {
      const result = await pool.query(
        `DELETE FROM ${s}.faults WHERE ($1::text IS NULL OR destination = $1)`,
        [destination ?? null],
      );
      return result.rowCount ?? 0;
    },

    async ping(): Promise<void> {
      await pool.query("SELECT 1");
    },
  };
}
