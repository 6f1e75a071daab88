import type { LiveEvent } from "@skillpod/live-events";
import type { Notice } from "../notifications/index.js";
import type { OfferView } from "./views.js";

/** What telling people needs (the app has all of it: app.notify, app.publishLive, app.log). */
export type Herald = {
  notify(notice: Notice): Promise<void>;
  publishLive(userIds: readonly string[], event: LiveEvent): Promise<void>;
  log: { warn(details: object, message: string): void };
};

export type OfferNews = "made" | "accepted" | "declined" | "withdrawn";

const money = (offer: OfferView): string =>
  `${(offer.total.amountMinor / 100).toFixed(2)} ${offer.total.currency}`;

/** The notice for each change, to the party who did not make it; a withdrawal only shows live. */
function noticeOf(offer: OfferView, news: OfferNews): Notice | undefined {
  // A re-made offer is the same row with a new expiry: the key names the version, so it is noticed again.
  const version = `offer:${offer.id}:${offer.expiresAt}`;
  if (news === "made")
    return {
      dedupeKey: `${version}:received`,
      userIds: [offer.freelancer.userId],
      kind: "offer.received",
      title: `Offer from ${offer.client.displayName}: ${offer.title}`,
      body: `${offer.client.displayName} offered you "${offer.title}" for ${money(offer)}. It expires at ${offer.expiresAt}.`,
    };
  if (news === "accepted")
    return {
      dedupeKey: `offer:${offer.id}:accepted`,
      userIds: [offer.client.userId],
      kind: "offer.accepted",
      title: `${offer.freelancer.displayName} accepted your offer: ${offer.title}`,
      body: `The contract has started. Fund its first milestone to get the work going.`,
    };
  if (news === "declined")
    return {
      dedupeKey: `${version}:declined`,
      userIds: [offer.client.userId],
      kind: "offer.declined",
      title: `${offer.freelancer.displayName} declined your offer: ${offer.title}`,
      body: offer.declineReason ?? "",
    };
  return undefined;
}

/**
 * Tells both parties about a change: a notice (in-app and email, by their preferences) and the live
 * `offer.changed` (plus `contract.changed` on acceptance). The change has happened by now, so a failure to
 * tell is logged, not thrown: the offer reads right whenever they look.
 */
export async function announceOffer(herald: Herald, offer: OfferView, news: OfferNews): Promise<void> {
  const parties = [offer.client.userId, offer.freelancer.userId];
  const notice = noticeOf(offer, news);
  try {
    if (notice) await herald.notify(notice);
  } catch (error) {
    herald.log.warn({ err: error, offerId: offer.id }, `Failed to notify about offer ${offer.id}`);
  }
  await herald.publishLive(parties, {
    type: "offer.changed",
    data: {
      offerId: offer.id,
      proposalId: offer.proposalId,
      state: offer.state,
      contractId: offer.contractId,
    },
  });
  if (news === "accepted" && offer.contractId)
    await herald.publishLive(parties, {
      type: "contract.changed",
      data: { contractId: offer.contractId, phase: "active" },
    });
}
