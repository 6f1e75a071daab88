// Who may see a conversation: its participants, always; an admin, only a contract's conversation and only
// while one of that contract's milestones is disputed (the route audits that read). Anyone else gets the
// 404 a missing conversation gets.
import { Prisma, type PrismaClient } from "../database.js";
import { conversationNotFound, readOnlyReader } from "./errors.js";

export type Caller = { userId: string; admin: boolean };

export type ConversationRow = {
  id: string;
  contractId: string | null;
  proposalId: string | null;
  createdAt: Date;
};

/** `participant` reads and writes; `dispute` is an admin reading during a dispute (reads only, audited). */
export type ReaderKind = "participant" | "dispute";

export type ConversationAccess = { conversation: ConversationRow; reader: ReaderKind };

type AccessRow = {
  id: string;
  contract_id: string | null;
  proposal_id: string | null;
  created_at: Date;
  party: boolean;
  disputed: boolean;
};

/** True while a milestone of the contract is disputed: the only time an admin may read its conversation. */
export const disputedSql = (contractId: Prisma.Sql): Prisma.Sql => Prisma.sql`
  EXISTS (SELECT 1 FROM milestones m WHERE m.contract_id = ${contractId} AND m.state = 'disputed')`;

export const conversationRowOf = (row: Omit<AccessRow, "party" | "disputed">): ConversationRow => ({
  id: row.id,
  contractId: row.contract_id,
  proposalId: row.proposal_id,
  createdAt: row.created_at,
});

export function readerOf(caller: Caller, party: boolean, disputed: boolean): ReaderKind | undefined {
  if (party) return "participant";
  return caller.admin && disputed ? "dispute" : undefined;
}

/** The conversation and how the caller may read it, or a 404. */
export async function conversationAccess(
  db: PrismaClient,
  caller: Caller,
  conversationId: string,
): Promise<ConversationAccess> {
  const [row] = await db.$queryRaw<AccessRow[]>(Prisma.sql`
    SELECT c.id::text, c.contract_id, c.proposal_id::text, c.created_at,
      EXISTS (SELECT 1 FROM conversation_participants p
              WHERE p.conversation_id = c.id AND p.user_id = ${caller.userId}::uuid) AS party,
      (c.contract_id IS NOT NULL AND ${disputedSql(Prisma.sql`c.contract_id`)}) AS disputed
    FROM conversations c WHERE c.id = ${conversationId}::uuid`);
  const reader = row ? readerOf(caller, row.party, row.disputed) : undefined;
  if (!row || !reader) throw conversationNotFound();
  return { conversation: conversationRowOf(row), reader };
}

/** The same, for a write: only a participant may (an admin who may read it gets a 403). */
export async function participantAccess(
  db: PrismaClient,
  caller: Caller,
  conversationId: string,
): Promise<ConversationRow> {
  const access = await conversationAccess(db, caller, conversationId);
  if (access.reader !== "participant") throw readOnlyReader();
  return access.conversation;
}
