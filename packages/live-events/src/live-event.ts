// What the live channel carries: one event type per thing a signed-in browser shows live. Producers (the
// control plane's routes, the workers' activities and consumers) publish; the control plane's live route
// delivers each event to exactly the users it names.

export const liveEventTypes = [
  "message.created",
  "message.updated",
  "conversation.read",
  "notification.created",
  "offer.changed",
  "contract.changed",
  "workspace.changed",
  "wallet.changed",
] as const;

export type LiveEventType = (typeof liveEventTypes)[number];

export type LiveEvent = {
  type: LiveEventType;
  /** Plain JSON: ids and the changed state, never anything the recipient may not read. */
  data: Record<string, unknown>;
};

/** An event as one user receives it: `id` is its position in that user's stream (the reconnect cursor). */
export type DeliveredLiveEvent = LiveEvent & { id: string; at: string };

/** One message on the pub/sub channel: the event and, per recipient, its id in their stream. */
export type LiveFanout = { event: LiveEvent; at: string; deliveries: { userId: string; id: string }[] };
