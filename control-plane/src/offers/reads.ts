import type { Prisma, PrismaClient } from "../database.js";
import type { OfferState } from "../generated/prisma/enums.js";
import {
  newestFirstAfter,
  newestFirstKey,
  newestFirstOrder,
  pageOf,
  type Page,
} from "../pagination/index.js";
import { offerNotFound } from "./errors.js";
import { offerInclude, offerView, type OfferRow, type OfferView } from "./views.js";

/** Who a caller is to an offer: the job's owner who made it, or the freelancer it was made to. */
export type OfferRole = "client" | "freelancer";

/** Marks the matching pending offers past their expiry as expired (reads show them so anyway). */
export async function expireDue(db: PrismaClient, where: Prisma.OfferWhereInput): Promise<void> {
  await db.offer.updateMany({
    where: { AND: [where, { state: "PENDING", expiresAt: { lte: new Date() } }] },
    data: { state: "EXPIRED" },
  });
}

/**
 * The offer if the caller is one of its two parties; otherwise the same 404 as a missing one (admins
 * included: an offer is its parties' business). A pending offer past its expiry is marked expired first.
 */
export async function offerFor(
  db: PrismaClient,
  callerId: string,
  offerId: string,
): Promise<{ row: OfferRow; role: OfferRole }> {
  await expireDue(db, { id: offerId });
  const row = await db.offer.findUnique({ where: { id: offerId }, include: offerInclude });
  if (row?.clientId === callerId) return { row, role: "client" };
  if (row?.freelancerId === callerId) return { row, role: "freelancer" };
  throw offerNotFound();
}

export type OfferListQuery = { state?: OfferState; cursor?: string; limit: number };

/** The caller's offers, made or received, newest first, a keyset page at a time. */
export async function listOffers(
  db: PrismaClient,
  callerId: string,
  query: OfferListQuery,
): Promise<Page<OfferView>> {
  const mine: Prisma.OfferWhereInput = { OR: [{ clientId: callerId }, { freelancerId: callerId }] };
  await expireDue(db, mine);
  const rows = await db.offer.findMany({
    where: { AND: [mine, query.state ? { state: query.state } : {}, newestFirstAfter(query.cursor)] },
    include: offerInclude,
    orderBy: newestFirstOrder,
    take: query.limit + 1,
  });
  const { items, nextCursor } = pageOf(rows, query.limit, newestFirstKey);
  return { items: items.map(offerView), nextCursor };
}
