import type { Prisma, PrismaClient } from "../database.js";
import type { ProposalState } from "../generated/prisma/enums.js";
import { validationFailed } from "../errors/index.js";
import { decodeCursor, pageOf, type Page } from "../pagination/index.js";
import { ownedJob } from "./access.js";
import { proposalInclude, proposalView, type ProposalRow, type ProposalView } from "./views.js";

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export type ListQuery = { state?: ProposalState; cursor?: string; limit: number };

/** Newest first; the cursor is the last row's (createdAt, id), so inserts never shift a page. */
function pageWhere(query: ListQuery): Prisma.ProposalWhereInput {
  const where: Prisma.ProposalWhereInput = query.state ? { state: query.state } : {};
  if (!query.cursor) return where;
  const [at, id] = decodeCursor(query.cursor, 2);
  const createdAt = new Date(String(at));
  if (Number.isNaN(createdAt.getTime()) || typeof id !== "string" || !uuidPattern.test(id))
    throw validationFailed([{ field: "cursor", message: "is not a cursor this API returned" }]);
  return { ...where, OR: [{ createdAt: { lt: createdAt } }, { createdAt, id: { lt: id } }] };
}

async function page(
  db: PrismaClient,
  where: Prisma.ProposalWhereInput,
  query: ListQuery,
): Promise<Page<ProposalView>> {
  const rows: ProposalRow[] = await db.proposal.findMany({
    where: { AND: [where, pageWhere(query)] },
    include: proposalInclude,
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: query.limit + 1,
  });
  const { items, nextCursor } = pageOf(rows, query.limit, (row) => [row.createdAt.toISOString(), row.id]);
  return { items: items.map(proposalView), nextCursor };
}

/** The proposals for a job, for its owner only. */
export async function jobProposals(
  db: PrismaClient,
  ownerId: string,
  jobId: string,
  query: ListQuery,
): Promise<Page<ProposalView>> {
  await ownedJob(db, ownerId, jobId);
  return page(db, { jobId }, query);
}

/** A freelancer's own proposals, each with its job's title and state. */
export async function myProposals(
  db: PrismaClient,
  freelancerId: string,
  query: ListQuery,
): Promise<Page<ProposalView>> {
  return page(db, { freelancerId }, query);
}
