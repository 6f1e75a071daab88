type Event = {
  id: string;
  at: string;
  type: string;
  milestoneId: string | null;
  actorId: string | null;
  note: string | null;
  links: string[];
  details: Record<string, unknown>;
};

export type Dispute = { milestoneId: string | null; opened: Event; resolved?: Event };

/** Disputes from a contract's timeline (oldest first): each opening with the resolution that closed it. */
export function disputesOf(timeline: Event[]): Dispute[] {
  const disputes: Dispute[] = [];
  for (const event of timeline) {
    if (event.type === "contract.dispute_opened")
      disputes.push({ milestoneId: event.milestoneId, opened: event });
    if (event.type !== "contract.dispute_resolved") continue;
    const open = disputes.findLast((d) => d.milestoneId === event.milestoneId && !d.resolved);
    if (open) open.resolved = event;
  }
  return disputes;
}

/** Who a resolution favoured, in words. */
export function resolutionWords(resolved: Event): string {
  return resolved.details.favor === "client"
    ? "Resolved for the client: the milestone's escrow went back to the client's wallet."
    : "Resolved for the freelancer: the milestone was approved and paid out.";
}
