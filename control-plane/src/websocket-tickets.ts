// What the live channel's and the desktop sessions' tickets share: a browser cannot put an Authorization
// header on a WebSocket, so each trades its token for a random single-use ticket it presents in the URL or
// as a `ticket.<ticket>` subprotocol.
import type { IncomingHttpHeaders } from "node:http";
import { randomBytes } from "node:crypto";

/** 32 random bytes in base64url. */
const ticketPattern = /^[A-Za-z0-9_-]{43}$/;

export function newTicket(): string {
  return randomBytes(32).toString("base64url");
}

/** Whether a presented ticket could be one we issued (checked before Redis is asked). */
export function isTicketShaped(ticket: string): boolean {
  return ticketPattern.test(ticket);
}

const ticketProtocolPrefix = "ticket.";

/** The ticket from `?ticket=` or from a `ticket.<ticket>` entry of Sec-WebSocket-Protocol. */
export function ticketOf(query: { ticket?: string }, protocolHeader: string | undefined): string | undefined {
  if (query.ticket) return query.ticket;
  const offered = (protocolHeader ?? "").split(",").map((p) => p.trim());
  const entry = offered.find((p) => p.startsWith(ticketProtocolPrefix));
  const ticket = entry?.slice(ticketProtocolPrefix.length);
  return ticket ? ticket : undefined;
}

/** Sec-WebSocket-Protocol as one comma-separated string, however many header lines carried it. */
export function protocolHeaderOf(headers: IncomingHttpHeaders): string | undefined {
  const header = headers["sec-websocket-protocol"];
  return Array.isArray(header) ? header.join(",") : header;
}
