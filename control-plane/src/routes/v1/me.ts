import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type { FastifyInstance } from "fastify";
import { userOf } from "../../access.js";
import { accountContext } from "../../accounts/account-context.js";
import { withRetryAfter } from "../../accounts/account-errors.js";
import { changePassword } from "../../accounts/password-change.js";
import { loadProfile, renameAccount } from "../../accounts/profile.js";
import type { ControlPlaneConfig } from "../../config.js";
import { unauthenticated } from "../../errors/index.js";
import { problemSchema } from "../../errors/problem-schema.js";
import {
  accountChangeBody,
  passwordChangeBody,
  passwordChangedSchema,
  profileSchema,
} from "./account-schemas.js";
import { errors } from "./typed-app.js";

const signedIn = { roles: "any" as const };
const bearer = [{ bearer: [] }];

/**
 * The signed-in user's own account, read from the database rather than the token: the profile, its display
 * name and its password. Changes are audited by the automatic trail (who, which route, how it ended).
 */
export async function meRoutes(app: FastifyInstance, config: ControlPlaneConfig): Promise<void> {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = accountContext(
    { prisma: app.prisma, redis: app.redis, accessTokens: app.accessTokens },
    config,
  );
  const caller = (request: Parameters<typeof userOf>[0]): NonNullable<ReturnType<typeof userOf>> => {
    const user = userOf(request);
    if (!user) throw unauthenticated();
    return user;
  };

  typed.get(
    "/v1/me",
    {
      config: { access: signedIn },
      schema: {
        tags: ["account"],
        summary: "The signed-in user's profile",
        security: bearer,
        response: { 200: profileSchema, 401: problemSchema },
      },
    },
    async (request) => loadProfile(app.pg, caller(request).userId),
  );

  typed.patch(
    "/v1/me",
    {
      config: { access: signedIn },
      schema: {
        tags: ["account"],
        summary: "Change the signed-in user's display name",
        security: bearer,
        body: accountChangeBody,
        response: { 200: profileSchema, ...errors(400, 401) },
      },
    },
    async (request) => renameAccount(app.prisma, caller(request).userId, request.body.displayName),
  );

  typed.post(
    "/v1/me/password",
    {
      config: { access: signedIn },
      schema: {
        tags: ["account"],
        summary: "Change the password: needs the current one; every other sign-in of the account ends",
        description:
          "422 SKP_PASSWORD_INCORRECT for a wrong current password, which counts towards the sign-in lockout " +
          "(423 SKP_ACCOUNT_LOCKED); the sign-in that calls stays signed in.",
        security: bearer,
        body: passwordChangeBody,
        response: { 200: passwordChangedSchema, ...errors(400, 401, 422, 423) },
      },
    },
    async (request, reply) => {
      const { userId, signInId } = caller(request);
      const ended = await withRetryAfter(reply, changePassword(ctx, { userId, signInId }, request.body));
      return { otherSignInsEnded: ended };
    },
  );
  return Promise.resolve();
}
