import { everyNotificationKind, notificationKinds } from "@skillpod/contract-messages";
import { Type } from "typebox";
import { pageQuery, pageSchema, uuidSchema } from "../../marketplace-schemas/index.js";

export const notificationIdParams = Type.Object(
  { notificationId: uuidSchema },
  { additionalProperties: false },
);

export const notificationListQuery = Type.Object(
  {
    unread: Type.Optional(Type.Boolean({ description: "Only the notifications not yet read" })),
    ...pageQuery,
  },
  { additionalProperties: false },
);

export const notificationSchema = Type.Object({
  id: uuidSchema,
  kind: Type.String({ description: "offer.received, contract.funded, payout.paid, … (see preferences)" }),
  title: Type.String(),
  body: Type.String(),
  createdAt: Type.String({ format: "date-time" }),
  readAt: Type.Union([Type.String({ format: "date-time" }), Type.Null()]),
});

export const notificationPageSchema = pageSchema(notificationSchema);

export const unreadCountSchema = Type.Object({ unread: Type.Integer({ minimum: 0 }) });

export const readAllSchema = Type.Object({
  markedRead: Type.Integer({ minimum: 0, description: "How many notifications were unread" }),
});

const channels = {
  inApp: Type.Boolean({ description: "Shown in the app (and on the live channel)" }),
  email: Type.Boolean({ description: "Sent by email" }),
};

export const preferencesSchema = Type.Object({
  preferences: Type.Array(
    Type.Object({
      kind: Type.String({ description: 'A notification kind, or "*" for every kind without its own row' }),
      ...channels,
      explicit: Type.Boolean({
        description: 'False when the channels come from the "*" row or the defaults (both on)',
      }),
    }),
  ),
});

export const preferencesBody = Type.Object(
  {
    preferences: Type.Array(
      Type.Object(
        {
          // An enum in the document, so clients (and the fuzzer) know the kinds before they send one.
          kind: Type.Enum([...notificationKinds, everyNotificationKind], {
            description: 'A kind GET /v1/notifications/preferences lists, or "*"',
          }),
          ...channels,
        },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 50 },
    ),
  },
  { additionalProperties: false },
);
