import { Type } from "typebox";

export const liveTicketSchema = Type.Object(
  {
    ticket: Type.String({ description: "Opens one live socket, once, before expiresAt" }),
    expiresAt: Type.String({ format: "date-time" }),
    url: Type.String({ description: "Where to open the socket: `${url}?ticket=${ticket}`" }),
  },
  { additionalProperties: false },
);

export const liveQuery = Type.Object(
  {
    ticket: Type.Optional(
      Type.String({
        minLength: 1,
        maxLength: 64,
        description:
          "From POST /v1/live/tickets (or offer `skillpod.live.v1` and `ticket.<ticket>` as subprotocols)",
      }),
    ),
    cursor: Type.Optional(
      Type.String({
        pattern: "^[0-9]{1,20}-[0-9]{1,20}$",
        maxLength: 41,
        description: "The id of the last event received: the socket first replays what came after it",
      }),
    ),
  },
  { additionalProperties: false },
);
