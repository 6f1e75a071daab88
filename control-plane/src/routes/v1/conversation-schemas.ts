import { Type } from "typebox";
import { pageQuery, text, uuidSchema } from "../../marketplace-schemas/index.js";

const nullable = <T extends Parameters<typeof Type.Union>[0][number]>(
  schema: T,
): ReturnType<typeof Type.Union<[T, ReturnType<typeof Type.Null>]>> => Type.Union([schema, Type.Null()]);

/**
 * Contract ids are the control plane's own text ids (`c-<offerId>`), not uuids; the same rule as the contract
 * routes', and well within Fastify's 100-character limit on a path parameter (a longer one is a 414, which
 * the OpenAPI document does not promise: a schema bound of 100 would let 101 characters reach the router).
 */
export const contractIdSchema = Type.String({ minLength: 1, maxLength: 80, pattern: "^[A-Za-z0-9_-]+$" });

export const contractIdParams = Type.Object(
  { contractId: contractIdSchema },
  { additionalProperties: false },
);
export const proposalIdParams = Type.Object({ proposalId: uuidSchema }, { additionalProperties: false });
export const conversationIdParams = Type.Object(
  { conversationId: uuidSchema },
  { additionalProperties: false },
);
export const messageIdParams = Type.Object(
  { conversationId: uuidSchema, messageId: uuidSchema },
  { additionalProperties: false },
);

const seqSchema = Type.Integer({ minimum: 0, maximum: Number.MAX_SAFE_INTEGER });
const timestamp = Type.String({ format: "date-time" });

export const conversationListQuery = Type.Object(pageQuery, { additionalProperties: false });

export const messageListQuery = Type.Object(
  {
    before: Type.Optional(Type.Integer({ ...seqSchema, description: "Messages older than this seq" })),
    after: Type.Optional(Type.Integer({ ...seqSchema, description: "Messages newer than this seq" })),
    limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 50 })),
  },
  { additionalProperties: false, description: "At most one of before and after; neither: the newest" },
);

export const messageBody = Type.Object(
  { body: text(10_000, 1) },
  { additionalProperties: false, description: "Plain text, 1 to 10,000 characters, not only spaces" },
);

/** The rules of PATCH and DELETE on a message, as the OpenAPI document states them. */
export const messageChangeRules =
  "Only the message's author (another participant: 403 SKP_FORBIDDEN; anyone else: 404), only within " +
  "MESSAGE_EDIT_WINDOW_SECONDS of createdAt (after: 403 SKP_MESSAGE_EDIT_WINDOW_CLOSED). The earlier body " +
  "is kept in the message's edit history. A deleted message cannot be edited (409 SKP_MESSAGE_DELETED); " +
  "deleting it again answers it as it is.";

export const readBody = Type.Object(
  { seq: Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER }) },
  { additionalProperties: false, description: "The seq of the last message read, in this conversation" },
);

export const messageSchema = Type.Object({
  id: uuidSchema,
  conversationId: uuidSchema,
  seq: Type.Integer({ description: "One order for every message: later messages have larger seqs" }),
  authorId: uuidSchema,
  body: Type.String({ description: "Empty once the message is deleted" }),
  createdAt: timestamp,
  editedAt: nullable(timestamp),
  deletedAt: nullable(timestamp),
});

export const messagePageSchema = Type.Object({
  items: Type.Array(messageSchema, { description: "Oldest first" }),
  hasMore: Type.Boolean({
    description: "There are more in the direction asked (older, or newer with after)",
  }),
});

const participantSchema = Type.Object({
  userId: uuidSchema,
  lastReadSeq: Type.Integer({ description: "0 until the participant has read a message" }),
  lastReadAt: nullable(timestamp),
});

export const conversationSchema = Type.Object({
  id: uuidSchema,
  subject: Type.Union([
    Type.Object({ contractId: contractIdSchema }, { additionalProperties: false }),
    Type.Object({ proposalId: uuidSchema }, { additionalProperties: false }),
  ]),
  participants: Type.Array(participantSchema),
  unreadCount: Type.Integer({ description: "Others' messages after the caller's read marker" }),
  lastMessage: nullable(messageSchema),
  createdAt: timestamp,
  activityAt: Type.String({ format: "date-time", description: "The last message's time, or createdAt" }),
});

export const conversationPageSchema = Type.Object({
  items: Type.Array(conversationSchema),
  nextCursor: nullable(Type.String()),
});

export const readMarkerSchema = Type.Object({
  conversationId: uuidSchema,
  userId: uuidSchema,
  lastReadSeq: Type.Integer(),
  lastReadAt: nullable(timestamp),
  unreadCount: Type.Integer(),
});
