// The conversation of a contract or of a proposal, between its parties, made the first time anyone asks.
// Two first requests at once make one conversation: the insert goes through the unique subject column
// (ON CONFLICT), and its participants are inserted in the same transaction.
import { Prisma, type PrismaClient } from "../database.js";
import {
  conversationRowOf,
  disputedSql,
  readerOf,
  type Caller,
  type ConversationAccess,
  type ConversationRow,
} from "./access.js";
import { contractNotFound, proposalNotFound } from "./errors.js";

export type Subject = { contractId: string } | { proposalId: string };

type Parties = { partyIds: string[]; disputed: boolean };

const uuidShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

// Column names cannot be parameters; these two are the only ones a subject names.
const subjectColumn = (subject: Subject): { column: Prisma.Sql; id: Prisma.Sql } =>
  "contractId" in subject
    ? { column: Prisma.raw("contract_id"), id: Prisma.sql`${subject.contractId}` }
    : { column: Prisma.raw("proposal_id"), id: Prisma.sql`${subject.proposalId}::uuid` };

type ConversationSqlRow = {
  id: string;
  contract_id: string | null;
  proposal_id: string | null;
  created_at: Date;
};

const returning = Prisma.sql`RETURNING id::text, contract_id, proposal_id::text, created_at`;

/** The subject's conversation, made with `partyIds` as its participants when it does not exist yet. */
export async function ensureConversation(
  db: PrismaClient,
  subject: Subject,
  partyIds: readonly string[],
): Promise<ConversationRow> {
  const { column, id } = subjectColumn(subject);
  const [found] = await db.$queryRaw<ConversationSqlRow[]>(Prisma.sql`
    SELECT id::text, contract_id, proposal_id::text, created_at FROM conversations WHERE ${column} = ${id}`);
  if (found) return conversationRowOf(found);
  const participants = partyIds.filter((partyId) => uuidShape.test(partyId));
  const row = await db.$transaction(async (tx) => {
    // DO UPDATE (a no-op write) rather than DO NOTHING, so the loser of a race gets the winner's row back.
    const [made] = await tx.$queryRaw<ConversationSqlRow[]>(Prisma.sql`
      INSERT INTO conversations (${column}) VALUES (${id})
      ON CONFLICT (${column}) DO UPDATE SET ${column} = excluded.${column} ${returning}`);
    if (!made) throw new Error("The conversation upsert returned no row");
    await tx.$executeRaw(Prisma.sql`
      INSERT INTO conversation_participants (conversation_id, user_id)
      SELECT ${made.id}::uuid, party::uuid FROM unnest(${participants}::text[]) AS party
      ON CONFLICT DO NOTHING`);
    return made;
  });
  return conversationRowOf(row);
}

async function contractParties(db: PrismaClient, contractId: string): Promise<Parties | undefined> {
  const [row] = await db.$queryRaw<{ client_id: string; freelancer_id: string; disputed: boolean }[]>(
    Prisma.sql`
      SELECT client_id, freelancer_id, ${disputedSql(Prisma.sql`${contractId}`)} AS disputed
      FROM contracts WHERE id = ${contractId}`,
  );
  return row && { partyIds: [row.client_id, row.freelancer_id], disputed: row.disputed };
}

async function proposalParties(db: PrismaClient, proposalId: string): Promise<Parties | undefined> {
  const [row] = await db.$queryRaw<{ freelancer_id: string; client_id: string }[]>(Prisma.sql`
    SELECT p.freelancer_id::text, j.client_id::text
    FROM proposals p JOIN jobs j ON j.id = p.job_id WHERE p.id = ${proposalId}::uuid`);
  // A proposal is never disputed: admins do not read proposal conversations.
  return row && { partyIds: [row.freelancer_id, row.client_id], disputed: false };
}

/** The conversation of a contract or proposal the caller may read (made if need be), or a 404. */
export async function subjectConversation(
  db: PrismaClient,
  caller: Caller,
  subject: Subject,
): Promise<ConversationAccess> {
  const parties =
    "contractId" in subject
      ? await contractParties(db, subject.contractId)
      : await proposalParties(db, subject.proposalId);
  const reader = parties && readerOf(caller, parties.partyIds.includes(caller.userId), parties.disputed);
  if (!parties || !reader) throw "contractId" in subject ? contractNotFound() : proposalNotFound();
  return { conversation: await ensureConversation(db, subject, parties.partyIds), reader };
}
