import { Type } from "typebox";

/**
 * The problem+json body as a response schema, for routes to document their error statuses. Extra members
 * (such as retryAfter) are allowed through: the serializer would otherwise drop them. Routes may name it for
 * any error status; the response-documentation plugin swaps it for the one shared, referenced schema below.
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
    errors: Type.Optional(
      Type.Array(Type.Object({ field: Type.String(), message: Type.String() }), {
        description: "The fields a 400 refused, by name (nested ones dotted: target.id)",
      }),
    ),
    retryAfter: Type.Optional(Type.Integer({ description: "Seconds to wait, as in Retry-After" })),
  },
  { additionalProperties: true, description: "RFC 9457 problem details" },
);

export const problemContentType = "application/problem+json";

/** The app-wide schema (app.addSchema) every documented error response references. */
export const sharedProblemSchema = { $id: "Problem", ...problemSchema };

// One object for every route and status: the serializer compiles it once (plugins/app/schema-compilers.ts).
const problemReference = { $ref: `${sharedProblemSchema.$id}#` };

/** A response entry: problem+json, referencing the shared schema (one components/schemas entry). */
export type ProblemResponse = {
  description: string;
  headers?: Record<string, { type: "string"; description: string }>;
  content: { [problemContentType]: { schema: { $ref: string } } };
};

export function problemResponse(description: string, headers?: ProblemResponse["headers"]): ProblemResponse {
  return {
    description,
    ...(headers ? { headers } : {}),
    content: { [problemContentType]: { schema: problemReference } },
  };
}
