// Charges (money in from a client) with the same idempotency rules as payouts: one charge per key, and the
// stored request hash tells a replay from a key reused for another request.
import { randomBytes } from "node:crypto";
import type { Pool } from "pg";
import { quoteSchema } from "./schema.js";

export type ChargeInput = {
  amountMinor: number;
  currency: string;
  customer: string;
  paymentMethod: string;
  metadata: Record<string, unknown>;
};

export type ChargeRecord = ChargeInput & {
  id: string;
  idempotencyKey: string;
  requestHash: string;
  status: "succeeded" | "pending";
  createdAt: string;
};

type ChargeRow = {
  id: string;
  idempotency_key: string;
  request_hash: string;
  amount_minor: string;
  currency: string;
  customer: string;
  payment_method: string;
  metadata: Record<string, unknown>;
  status: "succeeded" | "pending";
  created_at: Date;
};

const CHARGE_COLUMNS =
  "id, idempotency_key, request_hash, amount_minor, currency, customer, payment_method, metadata, status, created_at";

function toCharge(row: ChargeRow): ChargeRecord {
  return {
    id: row.id,
    idempotencyKey: row.idempotency_key,
    requestHash: row.request_hash,
    // Validated as a safe integer on the way in, so the bigint round-trips exactly.
    amountMinor: Number(row.amount_minor),
    currency: row.currency,
    customer: row.customer,
    paymentMethod: row.payment_method,
    metadata: row.metadata,
    status: row.status,
    createdAt: row.created_at.toISOString(),
  };
}

export type ChargeStore = {
  createOrGet(
    key: string,
    hash: string,
    input: ChargeInput,
  ): Promise<{ charge: ChargeRecord; created: boolean }>;
  getCharge(id: string): Promise<ChargeRecord | undefined>;
  listCharges(filter: { customer?: string; limit: number }): Promise<ChargeRecord[]>;
};

export function createChargeStore(pool: Pool, schema: string): ChargeStore {
  const s = quoteSchema(schema);
  return {
    async createOrGet(key, hash, input) {
      // ON CONFLICT waits for a concurrent insert of the same key to commit, so the read below finds it.
      const inserted = await pool.query<ChargeRow>(
        `INSERT INTO ${s}.charges (id, idempotency_key, request_hash, amount_minor, currency, customer, payment_method, metadata)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb)
         ON CONFLICT (idempotency_key) DO NOTHING
         RETURNING ${CHARGE_COLUMNS}`,
        [
          `ch_${randomBytes(12).toString("hex")}`,
          key,
          hash,
          input.amountMinor,
          input.currency,
          input.customer,
          input.paymentMethod,
          JSON.stringify(input.metadata),
        ],
      );
      const row = inserted.rows[0];
      if (row) return { charge: toCharge(row), created: true };
      const existing = await pool.query<ChargeRow>(
        `SELECT ${CHARGE_COLUMNS} FROM ${s}.charges WHERE idempotency_key = $1`,
        [key],
      );
      const found = existing.rows[0];
      if (!found) throw new Error(`Charge for idempotency key ${key} vanished after a conflicting insert`);
      return { charge: toCharge(found), created: false };
    },

    async getCharge(id) {
      const result = await pool.query<ChargeRow>(`SELECT ${CHARGE_COLUMNS} FROM ${s}.charges WHERE id = $1`, [
        id,
      ]);
      const row = result.rows[0];
      return row ? toCharge(row) : undefined;
    },

    async listCharges(filter) {
      const result = await pool.query<ChargeRow>(
        `SELECT ${CHARGE_COLUMNS} FROM ${s}.charges
         WHERE ($1::text IS NULL OR customer = $1)
         ORDER BY created_at, id
         LIMIT $2`,
        [filter.customer ?? null, filter.limit],
      );
      return result.rows.map(toCharge);
    },
  };
}
