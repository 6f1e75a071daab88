import type { User } from "../database.js";
import type { AccountContext } from "./account-context.js";
import { accountLocked, invalidCredentials, mfaInvalid, mfaRequired } from "./account-errors.js";
import { normaliseEmail } from "./email-address.js";
import { clearFailedLogins, failSignIn, secondsLocked } from "./lockout.js";
import { hasSecondFactor, secondFactorValid, type SecondFactor } from "./mfa.js";
import { verifyAgainstDummy, verifyPassword } from "./passwords.js";
import { startSignIn, type SignIn } from "./sign-ins.js";

export type LoginInput = { email: string; password: string } & SecondFactor;

async function checkSecondFactor(
  ctx: AccountContext,
  user: User,
  input: LoginInput,
  now: Date,
): Promise<void> {
  if (!user.mfaEnabledAt) return;
  // Not a failure: the usual first step of a two-step client. It does not reset the count either, so a
  // password-holder cannot clear the lockout between TOTP guesses.
  if (!hasSecondFactor(input)) throw mfaRequired();
  if (!(await secondFactorValid(ctx, user, input, now))) await failSignIn(ctx, user, mfaInvalid(), now);
}

/**
 * Password, lockout, then second factor. Unknown emails and wrong passwords answer alike, after the same
 * argon2 work; a locked account is refused before its password is even checked.
 */
export async function login(ctx: AccountContext, input: LoginInput, now: Date = new Date()): Promise<SignIn> {
  const user = await ctx.prisma.user.findUnique({ where: { email: normaliseEmail(input.email) } });
  if (!user?.passwordHash) {
    await verifyAgainstDummy(input.password);
    throw invalidCredentials();
  }
  const lockedFor = secondsLocked(user, now);
  if (lockedFor !== undefined) throw accountLocked(lockedFor);
  if (!(await verifyPassword(user.passwordHash, input.password)))
    await failSignIn(ctx, user, invalidCredentials(), now);
  await checkSecondFactor(ctx, user, input, now);
  await clearFailedLogins(ctx.prisma, user);
  return startSignIn(ctx, user, now);
}
