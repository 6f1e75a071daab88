// The kinds of notification users can get, and so the kinds they set preferences for. One list for both
// sides of the notifications queue: the control plane's routes validate preferences against it and the
// workers' consumer honours them. Contract kinds are what ContractWorkflow emits (`contract.<event>`, see
// workers/src/workflows/contract-moves.ts #notify); offer and message kinds come from the control plane;
// payout.paid from the PayoutWorkflow's activities.

export const notificationKinds = [
  "offer.received",
  "offer.accepted",
  "offer.declined",
  "contract.accepted",
  "contract.funded",
  "contract.submitted",
  "contract.approved",
  "contract.changes",
  "contract.dispute",
  "contract.resolved",
  "contract.cancelled",
  "contract.completed",
  "contract.reminder",
  "payout.paid",
  "message.received",
] as const;

export type NotificationKind = (typeof notificationKinds)[number];

/** The preference row that applies to every kind the user has no row of its own for. */
export const everyNotificationKind = "*";

export function isNotificationKind(kind: string): kind is NotificationKind {
  return (notificationKinds as readonly string[]).includes(kind);
}
