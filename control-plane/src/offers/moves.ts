import type { PrismaClient } from "../database.js";
import { forbidden } from "../errors/index.js";
import { offerNotPending } from "./errors.js";
import { offerFor, type OfferRole } from "./reads.js";
import { offerView, type OfferView } from "./views.js";

export type OfferMove = { to: "DECLINED"; reason?: string } | { to: "WITHDRAWN" };

const moverOf: Record<OfferMove["to"], OfferRole> = { DECLINED: "freelancer", WITHDRAWN: "client" };

/**
 * The freelancer declines (with an optional reason the client sees) or the client withdraws a pending
 * offer. One conditional UPDATE, so a decline racing an accept or a withdrawal cannot both pass: the loser
 * gets 409 with the state the winner left.
 */
export async function moveOffer(
  db: PrismaClient,
  callerId: string,
  offerId: string,
  move: OfferMove,
): Promise<OfferView> {
  const { role } = await offerFor(db, callerId, offerId);
  if (role !== moverOf[move.to])
    throw forbidden(
      `Only the offer's ${moverOf[move.to]} may ${move.to === "DECLINED" ? "decline" : "withdraw"} it`,
    );
  const moved = await db.offer.updateMany({
    where: { id: offerId, state: "PENDING", expiresAt: { gt: new Date() } },
    data: {
      state: move.to,
      ...(move.to === "DECLINED" ? { declineReason: move.reason?.trim() || null } : {}),
    },
  });
  const after = await offerFor(db, callerId, offerId);
  if (moved.count === 0) throw offerNotPending(after.row.state);
  return offerView(after.row);
}
