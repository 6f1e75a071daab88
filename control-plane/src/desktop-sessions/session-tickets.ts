// Desktop-session tickets: the browser's WebSocket to the session gateway cannot carry an Authorization header,
// and an access token in a URL ends up in logs, so the API trades a token for a ticket that opens one desktop
// session, once, within seconds. The grant is fixed when the ticket is issued (user, SkillPod, mode); the
// gateway still re-checks access when it consumes it and while the session lasts.
import type { Redis } from "ioredis";
import { isTicketShaped, newTicket } from "../websocket-tickets.js";

export type DesktopMode = "interactive" | "watch";

export const desktopModes = ["interactive", "watch"] as const satisfies readonly DesktopMode[];

export type DesktopTicketGrant = {
  userId: string;
  namespace: string;
  name: string;
  mode: DesktopMode;
  traceId?: string;
};

export type DesktopTicket = { ticket: string; expiresAt: string };

const ticketKey = (ticket: string): string => `skillpod:desktop:ticket:${ticket}`;

export async function issueDesktopTicket(
  redis: Redis,
  grant: DesktopTicketGrant,
  ttlSeconds: number,
): Promise<DesktopTicket> {
  const ticket = newTicket();
  const stored: DesktopTicketGrant = {
    userId: grant.userId,
    namespace: grant.namespace,
    name: grant.name,
    mode: grant.mode,
    ...(grant.traceId === undefined ? {} : { traceId: grant.traceId }),
  };
  await redis.set(ticketKey(ticket), JSON.stringify(stored), "EX", ttlSeconds);
  return { ticket, expiresAt: new Date(Date.now() + ttlSeconds * 1000).toISOString() };
}

/** Atomically consumed (GETDEL): two sockets racing with one ticket get one grant between them. */
export async function consumeDesktopTicket(
  redis: Redis,
  ticket: string,
): Promise<DesktopTicketGrant | undefined> {
  if (!isTicketShaped(ticket)) return undefined;
  const stored = await redis.getdel(ticketKey(ticket));
  return stored === null ? undefined : grantOf(stored);
}

const isText = (value: unknown): value is string => typeof value === "string" && value.length > 0;

/** The grant a stored value holds, or undefined for anything this module did not write. */
export function grantOf(stored: string): DesktopTicketGrant | undefined {
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return undefined;
  }
  if (typeof value !== "object" || value === null) return undefined;
  const v = value as Record<string, unknown>;
  if (!isText(v.userId) || !isText(v.namespace) || !isText(v.name)) return undefined;
  if (v.mode !== "interactive" && v.mode !== "watch") return undefined;
  const grant: DesktopTicketGrant = { userId: v.userId, namespace: v.namespace, name: v.name, mode: v.mode };
  return isText(v.traceId) ? { ...grant, traceId: v.traceId } : grant;
}

/** The ticket from `?ticket=` or from a `ticket.<ticket>` subprotocol (one rule with the live channel). */
export { ticketOf as desktopTicketOf } from "../websocket-tickets.js";
