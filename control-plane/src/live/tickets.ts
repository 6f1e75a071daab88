// Live-channel tickets: a browser cannot put an Authorization header on a WebSocket, and an access token in a
// URL ends up in logs, so it first trades its token for a ticket that opens one socket, once, within seconds.
import type { Redis } from "ioredis";
import { randomBytes } from "node:crypto";

const ticketKey = (ticket: string): string => `skillpod:live:ticket:${ticket}`;

/** 32 random bytes in base64url. */
const ticketPattern = /^[A-Za-z0-9_-]{43}$/;

export type LiveTicket = { ticket: string; expiresAt: string };

export async function issueLiveTicket(redis: Redis, userId: string, ttlSeconds: number): Promise<LiveTicket> {
  const ticket = randomBytes(32).toString("base64url");
  await redis.set(ticketKey(ticket), userId, "EX", ttlSeconds);
  return { ticket, expiresAt: new Date(Date.now() + ttlSeconds * 1000).toISOString() };
}

/** The ticket's user, once: GETDEL makes two sockets racing with one ticket get one user between them. */
export async function consumeLiveTicket(redis: Redis, ticket: string): Promise<string | undefined> {
  if (!ticketPattern.test(ticket)) return undefined;
  return (await redis.getdel(ticketKey(ticket))) ?? undefined;
}

/** Whether the ticket would open a socket, without using it up (a plain GET that did not upgrade). */
export async function isLiveTicketValid(redis: Redis, ticket: string): Promise<boolean> {
  return ticketPattern.test(ticket) && (await redis.exists(ticketKey(ticket))) === 1;
}

/** The subprotocol a browser offers beside `ticket.<ticket>` (browsers cannot set other headers). */
export const liveProtocol = "skillpod.live.v1";
const ticketProtocolPrefix = "ticket.";

/** The ticket from `?ticket=` or from a `ticket.<ticket>` entry of Sec-WebSocket-Protocol. */
export function ticketOf(query: { ticket?: string }, protocolHeader: string | undefined): string | undefined {
  if (query.ticket) return query.ticket;
  const offered = (protocolHeader ?? "").split(",").map((p) => p.trim());
  const entry = offered.find((p) => p.startsWith(ticketProtocolPrefix));
  return entry?.slice(ticketProtocolPrefix.length);
}
