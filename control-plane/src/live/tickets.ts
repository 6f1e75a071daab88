// Live-channel tickets: a browser cannot put an Authorization header on a WebSocket, and an access token in a
// URL ends up in logs, so it first trades its token for a ticket that opens one socket, once, within seconds.
import type { Redis } from "ioredis";
import { isTicketShaped, newTicket } from "../websocket-tickets.js";

const ticketKey = (ticket: string): string => `skillpod:live:ticket:${ticket}`;

export type LiveTicket = { ticket: string; expiresAt: string };

export async function issueLiveTicket(redis: Redis, userId: string, ttlSeconds: number): Promise<LiveTicket> {
  const ticket = newTicket();
  await redis.set(ticketKey(ticket), userId, "EX", ttlSeconds);
  return { ticket, expiresAt: new Date(Date.now() + ttlSeconds * 1000).toISOString() };
}

/** The ticket's user, once: GETDEL makes two sockets racing with one ticket get one user between them. */
export async function consumeLiveTicket(redis: Redis, ticket: string): Promise<string | undefined> {
  if (!isTicketShaped(ticket)) return undefined;
  return (await redis.getdel(ticketKey(ticket))) ?? undefined;
}

/** Whether the ticket would open a socket, without using it up (a plain GET that did not upgrade). */
export async function isLiveTicketValid(redis: Redis, ticket: string): Promise<boolean> {
  return isTicketShaped(ticket) && (await redis.exists(ticketKey(ticket))) === 1;
}

/** The subprotocol a browser offers beside `ticket.<ticket>` (browsers cannot set other headers). */
export const liveProtocol = "skillpod.live.v1";
export { ticketOf } from "../websocket-tickets.js";
