import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";
import { userOf } from "../../access.js";
import { unauthenticated } from "../../errors/index.js";
import { problemSchema } from "../../errors/problem-schema.js";

/** The app as route files see it: TypeBox schemas type each handler's request and reply. */
export type TypedApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

export const bearer = [{ bearer: [] }];

/** Route access (config.access) by role. */
export const freelancers = { roles: ["freelancer"] as const };
export const clients = { roles: ["client"] as const };
export const admins = { roles: ["admin"] as const };
export const signedIn = { roles: "any" as const };

/** The signed-in caller's id; routes with role access always have one. */
export function callerId(request: FastifyRequest): string {
  const user = userOf(request);
  if (!user) throw unauthenticated();
  return user.userId;
}

/** Response schemas for the problem answers a route documents. */
export const errors = (...statuses: number[]): Record<number, typeof problemSchema> =>
  Object.fromEntries(statuses.map((status) => [status, problemSchema]));
