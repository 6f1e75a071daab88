import type { OfferState } from "../../../components/marketplace/types";

export type OfferMove = "accept" | "decline" | "withdraw";

/** What a party may do with an offer: its freelancer accepts or declines, its client withdraws, while pending. */
export function offerMovesFor(
  offer: { state: OfferState; client: { userId: string }; freelancer: { userId: string } },
  viewerId: string,
): OfferMove[] {
  if (offer.state !== "PENDING") return [];
  if (offer.freelancer.userId === viewerId) return ["accept", "decline"];
  if (offer.client.userId === viewerId) return ["withdraw"];
  return [];
}
