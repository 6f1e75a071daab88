// The live capability's rows of the authorization matrix. A ticket is for any signed-in user. The socket
// route takes no credentials but a ticket: the caller's bearer token (or the internal token) opens nothing,
// so every caller without a ticket gets 401; tickets, replay and delivery are in live.test.ts.
import type { Caller, Entry, Outcome } from "./matrix-types.js";
import { anyUser } from "./matrix-types.js";

const ticketOnly: Record<Caller, Outcome> = {
  anonymous: 401,
  freelancer: 401,
  client: 401,
  admin: 401,
  auditor: 401,
  service: 401,
};

export const liveMatrix: Record<string, Entry> = {
  "POST /v1/live/tickets": {
    request: () => ({ method: "POST", url: "/v1/live/tickets" }),
    expect: anyUser,
  },
  "GET /v1/live": {
    request: () => ({ method: "GET", url: "/v1/live" }),
    expect: ticketOnly,
  },
};
