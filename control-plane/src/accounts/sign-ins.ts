import type { User } from "../database.js";
import type { IssuedAccessToken } from "./access-tokens.js";
import type { AccountContext } from "./account-context.js";
import { refreshInvalid, refreshReused } from "./account-errors.js";

export type SignIn = { userId: string; accessToken: string; expiresIn: number; refreshToken: string };

type Subject = Pick<User, "id" | "email" | "roles">;

/** The token names its sign-in (`sid`), so that the account's own changes can tell it from the others. */
function issueFor(
  ctx: AccountContext,
  user: Subject,
  signInId: string,
  now: Date,
): Promise<IssuedAccessToken> {
  return ctx.accessTokens.issue(
    { userId: user.id, email: user.email, roles: user.roles, signInId },
    now.getTime(),
  );
}

/** A new sign-in: a refresh-token family and a first access token. */
export async function startSignIn(
  ctx: AccountContext,
  user: Subject,
  now: Date = new Date(),
): Promise<SignIn> {
  const { familyId, token: refreshToken } = await ctx.refreshTokens.startFamily(user.id, now);
  const { accessToken, expiresIn } = await issueFor(ctx, user, familyId, now);
  return { userId: user.id, accessToken, expiresIn, refreshToken };
}

/** Rotates the refresh token and issues a new access token with the user's current roles. */
export async function refreshSignIn(
  ctx: AccountContext,
  token: string,
  now: Date = new Date(),
): Promise<SignIn> {
  const rotation = await ctx.refreshTokens.rotate(token, now);
  if (rotation.kind === "reused") throw refreshReused();
  if (rotation.kind === "invalid") throw refreshInvalid();
  const user = await ctx.prisma.user.findUnique({
    where: { id: rotation.userId },
    select: { id: true, email: true, roles: true },
  });
  // Deleting a user cascades to its families; this only guards the race with that delete.
  if (!user) throw refreshInvalid();
  const { accessToken, expiresIn } = await issueFor(ctx, user, rotation.familyId, now);
  return { userId: user.id, accessToken, expiresIn, refreshToken: rotation.token };
}

/** Sign-out: the whole family goes, so no token of this sign-in refreshes again. */
export function endSignIn(ctx: AccountContext, token: string, now: Date = new Date()): Promise<void> {
  return ctx.refreshTokens.revoke(token, "logout", now);
}
