import { Type } from "typebox";

/**
 * The problem+json body as a response schema, for routes to document their error statuses. Extra members
 * (such as retryAfter) are allowed through: the serializer would otherwise drop them.
 */
export const problemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String({ description: "Stable SKP_… code" }),
    instance: Type.String(),
    requestId: Type.String(),
    errors: Type.Optional(Type.Array(Type.Object({ field: Type.String(), message: Type.String() }))),
  },
  { additionalProperties: true, description: "RFC 9457 problem details" },
);
