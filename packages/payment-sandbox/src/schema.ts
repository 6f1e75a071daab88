import type { Pool } from "pg";

/** Quotes a schema name for SQL; only plain lower-case identifiers are accepted, so nothing needs escaping. */
export function quoteSchema(schema: string): string {
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(schema)) throw new Error(`Invalid schema name: ${schema}`);
  return `"${schema}"`;
}

function ddl(s: string): string {
  return `
    CREATE SCHEMA IF NOT EXISTS ${s};
    CREATE TABLE IF NOT EXISTS ${s}.payouts (
      id text PRIMARY KEY,
      idempotency_key text NOT NULL UNIQUE,
      request_hash text NOT NULL,
      amount_minor bigint NOT NULL CHECK (amount_minor > 0),
      currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      destination text NOT NULL,
      metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
      status text NOT NULL DEFAULT 'paid' CHECK (status IN ('paid', 'pending')),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX IF NOT EXISTS payouts_destination_idx ON ${s}.payouts (destination, created_at);
    CREATE INDEX IF NOT EXISTS payouts_milestone_idx ON ${s}.payouts ((metadata->>'milestoneId'));
    CREATE TABLE IF NOT EXISTS ${s}.charges (
      id text PRIMARY KEY,
      idempotency_key text NOT NULL UNIQUE,
      request_hash text NOT NULL,
      amount_minor bigint NOT NULL CHECK (amount_minor > 0),
      currency text NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
      customer text NOT NULL,
      payment_method text NOT NULL,
      metadata jsonb NOT NULL DEFAULT '{}'::jsonb,
      status text NOT NULL DEFAULT 'succeeded' CHECK (status IN ('succeeded', 'pending')),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX IF NOT EXISTS charges_customer_idx ON ${s}.charges (customer, created_at);
    CREATE TABLE IF NOT EXISTS ${s}.faults (
      id text PRIMARY KEY,
      mode text NOT NULL CHECK (mode IN ('fail', 'timeout', 'slow', 'decline')),
      destination text,
      remaining integer NOT NULL CHECK (remaining >= 0),
      delay_ms integer NOT NULL DEFAULT 0 CHECK (delay_ms >= 0),
      created_at timestamptz NOT NULL DEFAULT now()
    );
    CREATE INDEX IF NOT EXISTS faults_active_idx ON ${s}.faults (destination) WHERE remaining > 0;
  `;
}

/**
 * Creates the sandbox's schema and tables if missing. Concurrent `CREATE ... IF NOT EXISTS` can still collide
 * on the catalog (duplicate pg_type rows), so starts are serialised by a transaction-scoped advisory lock.
 */
export async function ensureSchema(pool: Pool, schema: string): Promise<void> {
  const s = quoteSchema(schema);
  const client = await pool.connect();
  try {
    await client.query("BEGIN");
    await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [
      `skillpod.payment-sandbox.schema:${schema}`,
    ]);
    await client.query(ddl(s));
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
