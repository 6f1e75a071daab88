import type { paths } from "../../../api/generated/schema";

export type NotificationItem =
  paths["/v1/notifications"]["get"]["responses"][200]["content"]["application/json"]["items"][number];

/** Where a notification's kind leads: the page where one acts on it (the API gives no object id). */
export function placeFor(kind: string): { href: string; text: string } | undefined {
  if (kind.startsWith("offer.")) return { href: "/offers", text: "See your offers" };
  if (kind.startsWith("contract.")) return { href: "/contracts", text: "See your contracts" };
  if (kind === "payout.paid") return { href: "/wallet", text: "See your wallet" };
  if (kind === "message.received") return { href: "/messages", text: "See your messages" };
  return undefined;
}
