// Who a caller is to a contract. Its client and freelancer are its parties; an admin is one only to resolve a
// dispute and to read a contract that has (or had) one. Anyone else gets the 404 a missing contract gets,
// so nobody learns that a contract exists.
import type pg from "pg";
import type { Role } from "../access.js";
import { notFound } from "../errors/index.js";

export type Caller = { userId: string; roles: readonly Role[] };

export type ContractParty = "client" | "freelancer" | "admin";

/** Reading, making a party's move, or resolving a dispute (the admin's only move). */
export type Purpose = "read" | "move" | "resolve";

export type ContractRow = {
  id: string;
  clientId: string;
  freelancerId: string;
  state: string;
  currency: string;
  /** A milestone is disputed now, or a dispute was opened over HTTP. */
  disputed: boolean;
};

export const contractNotFound = (): ReturnType<typeof notFound> => notFound("Contract");

const rowSql = `
SELECT c.id, c.client_id, c.freelancer_id, c.state, c.currency,
       (EXISTS (SELECT 1 FROM milestones m WHERE m.contract_id = c.id AND m.state = 'disputed')
        OR EXISTS (SELECT 1 FROM contract_events e WHERE e.contract_id = c.id AND e.kind = 'dispute_opened')) AS disputed
FROM contracts c WHERE c.id = $1`;

type RawRow = {
  id: string;
  client_id: string;
  freelancer_id: string;
  state: string;
  currency: string;
  disputed: boolean;
};

export async function contractRow(db: pg.Pool, contractId: string): Promise<ContractRow | undefined> {
  const found = await db.query<RawRow>(rowSql, [contractId]);
  const row = found.rows[0];
  if (row === undefined) return undefined;
  return {
    id: row.id,
    clientId: row.client_id,
    freelancerId: row.freelancer_id,
    state: row.state,
    currency: row.currency,
    disputed: row.disputed,
  };
}

/** The caller's part in the contract, or undefined when they have none (a stranger). */
export function partyOf(
  row: Pick<ContractRow, "clientId" | "freelancerId" | "disputed">,
  caller: Caller,
  purpose: Purpose,
): ContractParty | undefined {
  if (purpose === "resolve") return caller.roles.includes("admin") ? "admin" : undefined;
  if (caller.userId === row.clientId) return "client";
  if (caller.userId === row.freelancerId) return "freelancer";
  if (purpose === "read" && caller.roles.includes("admin") && row.disputed) return "admin";
  return undefined;
}

/** The contract and the caller's part in it, or a 404 for a stranger and for a missing contract alike. */
export async function contractFor(
  db: pg.Pool,
  caller: Caller,
  contractId: string,
  purpose: Purpose,
): Promise<{ row: ContractRow; party: ContractParty }> {
  const row = await contractRow(db, contractId);
  const party = row === undefined ? undefined : partyOf(row, caller, purpose);
  if (row === undefined || party === undefined) throw contractNotFound();
  return { row, party };
}
