import { Prisma, type PrismaClient } from "../database.js";
import { notFound } from "../errors/index.js";

/** A contract as reviews see it, with the database's clock (one clock decides the window). */
export type ReviewedContract = {
  id: string;
  clientId: string;
  freelancerId: string;
  state: string;
  completedAt: Date | null;
  /** When reviewing closes (completedAt + the window); null before completion. */
  windowClosesAt: Date | null;
  now: Date;
};

type Row = {
  id: string;
  client_id: string;
  freelancer_id: string;
  state: string;
  completed_at: Date | null;
  window_closes_at: Date | null;
  now: Date;
};

/** The contract if `userId` is one of its parties; otherwise the same 404 as for no contract at all. */
export async function contractOfParty(
  db: PrismaClient,
  contractId: string,
  userId: string,
  windowSeconds: number,
): Promise<ReviewedContract> {
  const [row] = await db.$queryRaw<Row[]>(Prisma.sql`
    SELECT id, client_id, freelancer_id, state, completed_at,
      completed_at + make_interval(secs => ${windowSeconds}::double precision) AS window_closes_at, now() AS now
    FROM contracts WHERE id = ${contractId} AND ${userId} IN (client_id, freelancer_id)`);
  if (!row) throw notFound("Contract");
  return {
    id: row.id,
    clientId: row.client_id,
    freelancerId: row.freelancer_id,
    state: row.state,
    completedAt: row.completed_at,
    windowClosesAt: row.window_closes_at,
    now: row.now,
  };
}

/** The other party of a contract. */
export function counterpartOf(contract: ReviewedContract, userId: string): string {
  return contract.clientId === userId ? contract.freelancerId : contract.clientId;
}
