// Contracts and wallet money for the contracts tests, made the way the API makes them: the contracts and
// milestones rows first (as offer acceptance inserts them), then the ContractWorkflow started and accepted
// through the app's own ContractsClient. A client's deposit is posted straight into the ledger as the
// database owner, in the shape the workers' deposit() posting has (EXTERNAL -amount, CLIENT_WALLET +amount).
import type { ContractTerms, ContractView } from "@skillpod/contract-messages";
import { stackEnv } from "@skillpod/testkit";
import type { FastifyInstance } from "fastify";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { rateLimitNamespace } from "./callers.js";

let owner: pg.Pool | undefined;

/** The database as its owner (the ledger's balances and the sandbox's tables are not the app role's). */
export function ownerPool(): pg.Pool {
  owner ??= new pg.Pool({
    connectionString: stackEnv("TEST_DATABASE_URL"),
    max: 4,
    // The matrix never closes it: idle connections go, and the pool never holds the process open.
    idleTimeoutMillis: 1000,
    allowExitOnIdle: true,
  });
  return owner;
}

export async function closeOwnerPool(): Promise<void> {
  await owner?.end();
  owner = undefined;
}

/** Money arrived in a client's wallet (one DEPOSIT transaction, its own idempotency key). */
export async function depositFor(clientId: string, amountMinor: number, currency = "USD"): Promise<void> {
  const db = await ownerPool().connect();
  try {
    await db.query("BEGIN");
    await db.query(
      `INSERT INTO ledger_accounts (kind, owner_ref, currency)
       VALUES ('EXTERNAL', 'world', $2), ('CLIENT_WALLET', $1, $2) ON CONFLICT (kind, owner_ref, currency) DO NOTHING`,
      [clientId, currency],
    );
    const tx = await db.query<{ id: string }>(
      `INSERT INTO ledger_transactions (idempotency_key, kind, currency) VALUES ($1, 'DEPOSIT', $2) RETURNING id`,
      [`test-deposit-${randomUUID()}`, currency],
    );
    await db.query(
      `INSERT INTO ledger_entries (transaction_id, account_id, currency, amount_minor)
       SELECT $1, a.id, $2, CASE a.kind WHEN 'EXTERNAL' THEN -$3::bigint ELSE $3::bigint END
       FROM ledger_accounts a
       WHERE a.currency = $2 AND ((a.kind = 'EXTERNAL' AND a.owner_ref = 'world') OR (a.kind = 'CLIENT_WALLET' AND a.owner_ref = $4))
       ORDER BY a.id`,
      [tx.rows[0]?.id, currency, amountMinor, clientId],
    );
    await db.query("COMMIT");
  } catch (error) {
    await db.query("ROLLBACK");
    throw error;
  } finally {
    db.release();
  }
}

export async function walletBalance(clientId: string, currency = "USD"): Promise<number> {
  const found = await ownerPool().query<{ balance: string }>(
    "SELECT balance_minor::text AS balance FROM ledger_accounts WHERE kind = 'CLIENT_WALLET' AND owner_ref = $1 AND currency = $2",
    [clientId, currency],
  );
  return Number(found.rows[0]?.balance ?? 0);
}

export type TestContract = { terms: ContractTerms; contractId: string; milestoneIds: string[] };

export type ContractShape = {
  clientId: string;
  freelancerId: string;
  amounts?: number[];
  currency?: string;
  /** Leave the contract in `offer` (not accepted by the freelancer). */
  unaccepted?: boolean;
};

/** Terms as offer acceptance makes them: contract `c-<offerId>`, milestones `c-<offerId>-m1`, `-m2`… */
export function contractTerms(shape: ContractShape): ContractTerms {
  const offerId = randomUUID();
  const contractId = `c-${offerId}`;
  const amounts = shape.amounts ?? [10_000, 5_005];
  return {
    contractId,
    clientId: shape.clientId,
    freelancerId: shape.freelancerId,
    title: `Contract ${offerId.slice(0, 8)}`,
    currency: shape.currency ?? "USD",
    platformFeeBps: 1000,
    billing: "FIXED",
    milestones: amounts.map((amountMinor, i) => ({
      id: `${contractId}-m${i + 1}`,
      title: `Milestone ${i + 1}`,
      amountMinor,
      dueAt: new Date(Date.now() + (i + 7) * 86_400_000).toISOString(),
    })),
  };
}

/** Starts the workflow of a contract whose rows are in place, and has its freelancer accept it. */
export async function runContract(app: FastifyInstance, terms: ContractTerms): Promise<void> {
  await app.contracts.start(terms);
  await app.contracts.accept(terms.contractId, { userId: terms.freelancerId, role: "freelancer" });
}

/** A contract between two signed-up users, in `active` (accepted) unless told, with its rows in place. */
export async function startContract(app: FastifyInstance, shape: ContractShape): Promise<TestContract> {
  const terms = contractTerms(shape);
  await insertContractRows(app, terms);
  if (shape.unaccepted === true) await app.contracts.start(terms);
  else await runContract(app, terms);
  return { terms, contractId: terms.contractId, milestoneIds: terms.milestones.map((m) => m.id) };
}

/** The rows offer acceptance writes before it starts the workflow (whose own insert then does nothing). */
export async function insertContractRows(app: FastifyInstance, terms: ContractTerms): Promise<void> {
  await app.pg.query(
    `INSERT INTO contracts (id, workflow_id, client_id, freelancer_id, title, currency, billing, platform_fee_bps, state)
     VALUES ($1, $2, $3, $4, $5, $6, 'FIXED', $7, 'offer')`,
    [
      terms.contractId,
      `contract-${terms.contractId}`,
      terms.clientId,
      terms.freelancerId,
      terms.title,
      terms.currency,
      terms.platformFeeBps,
    ],
  );
  for (const [position, m] of terms.milestones.entries())
    await app.pg.query(
      `INSERT INTO milestones (id, contract_id, position, title, amount_minor, due_at, state)
       VALUES ($1, $2, $3, $4, $5, $6, 'pending')`,
      [m.id, terms.contractId, position, m.title, m.amountMinor, m.dueAt ?? null],
    );
}

/** Waits for the workflow to report what `done` looks for (payouts settle after approve returns). */
export async function untilContract(
  app: FastifyInstance,
  contractId: string,
  done: (view: ContractView) => boolean,
  timeoutMs = 60_000,
): Promise<ContractView> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const view = await app.contracts.state(contractId);
    if (done(view)) return view;
    if (Date.now() > deadline)
      throw new Error(`contract ${contractId} never got there: ${JSON.stringify(view)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** The sandbox's payouts of a milestone (the provider's own record: exactly one means paid once). */
export async function sandboxPayouts(milestoneId: string): Promise<{ amount: number }[]> {
  const found = await ownerPool().query<{ amount_minor: string }>(
    "SELECT amount_minor::text FROM payment_sandbox.payouts WHERE metadata->>'milestoneId' = $1",
    [milestoneId],
  );
  return found.rows.map((row) => ({ amount: Number(row.amount_minor) }));
}

export type LedgerProblem = { rule: string; subject: string };

/** The ledger audit (workers/src/ledger/ledger-audit.ts) for the transactions of these contracts. */
export async function ledgerProblems(contractIds: string[]): Promise<LedgerProblem[]> {
  const db = ownerPool();
  const unbalanced = await db.query<{ subject: string }>(
    `SELECT t.id::text AS subject FROM ledger_transactions t LEFT JOIN ledger_entries e ON e.transaction_id = t.id
     WHERE t.contract_id = ANY($1) GROUP BY t.id HAVING COALESCE(SUM(e.amount_minor), 0) <> 0 OR COUNT(e.id) < 2`,
    [contractIds],
  );
  const negative = await db.query<{ subject: string }>(
    `SELECT kind || ' ' || owner_ref AS subject FROM ledger_accounts WHERE kind <> 'EXTERNAL' AND balance_minor < 0`,
  );
  const drifted = await db.query<{ subject: string }>(
    `SELECT a.id::text AS subject FROM ledger_accounts a LEFT JOIN ledger_entries e ON e.account_id = a.id
     WHERE a.kind = 'ESCROW' AND a.owner_ref = ANY($1)
     GROUP BY a.id HAVING a.balance_minor <> COALESCE(SUM(e.amount_minor), 0)`,
    [contractIds],
  );
  return [
    ...unbalanced.rows.map((r) => ({ rule: "transaction-balances", subject: r.subject })),
    ...negative.rows.map((r) => ({ rule: "no-negative-balance", subject: r.subject })),
    ...drifted.rows.map((r) => ({ rule: "balance-matches-entries", subject: r.subject })),
  ];
}

/** How many transactions of this kind the ledger holds for a milestone. */
export async function ledgerCount(milestoneId: string, kind: string): Promise<number> {
  const found = await ownerPool().query<{ n: string }>(
    "SELECT count(*)::text AS n FROM ledger_transactions WHERE milestone_id = $1 AND kind = $2",
    [milestoneId, kind],
  );
  return Number(found.rows[0]?.n ?? 0);
}

export async function escrowBalance(contractId: string, currency = "USD"): Promise<number> {
  const found = await ownerPool().query<{ balance: string }>(
    "SELECT balance_minor::text AS balance FROM ledger_accounts WHERE kind = 'ESCROW' AND owner_ref = $1 AND currency = $2",
    [contractId, currency],
  );
  return Number(found.rows[0]?.balance ?? 0);
}

/** App overrides: this file's own rate-limit counters, out of reach (tests sign many callers up at once). */
export function roomyLimits(label: string): Record<string, string> {
  return {
    RATE_LIMIT_NAMESPACE: rateLimitNamespace(label),
    RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
    RATE_LIMIT_DEFAULT_PER_MINUTE: "100000",
    RATE_LIMIT_AUTHENTICATED_PER_MINUTE: "100000",
    RATE_LIMIT_LOGIN_PER_MINUTE: "100000",
  };
}

/**
 * Polls GET /v1/contracts/:id as `headers` until `done` holds. The workflow reports a phase a moment before
 * its activity records it, so tests that read the database wait for what the API shows, not the query.
 */
export async function untilShown<T>(
  app: FastifyInstance,
  request: { contractId: string; headers: Record<string, string> },
  done: (view: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await app.inject({
      method: "GET",
      url: `/v1/contracts/${request.contractId}`,
      headers: request.headers,
    });
    const view = response.json<T>();
    if (response.statusCode === 200 && done(view)) return view;
    if (Date.now() > deadline)
      throw new Error(`contract ${request.contractId} never showed it: ${response.body}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
