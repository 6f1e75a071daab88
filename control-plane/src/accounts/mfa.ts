import type { PrismaClient, User } from "../database.js";
import { unauthenticated } from "../errors/index.js";
import type { AccountContext } from "./account-context.js";
import {
  accountLocked,
  mfaAlreadyEnabled,
  mfaCodeRejected,
  mfaNotEnabled,
  mfaNotEnrolled,
} from "./account-errors.js";
import { failSignIn, secondsLocked } from "./lockout.js";
import { openMfaSecret, sealMfaSecret } from "./mfa-secret-box.js";
import { hashRecoveryCode, newRecoveryCodes } from "./recovery-codes.js";
import { matchTotp, newTotpEnrolment, type TotpEnrolment } from "./totp.js";
import { claimTotpStep } from "./totp-replay.js";

type MfaState = Pick<User, "id" | "mfaSecretEncrypted" | "mfaEnabledAt">;
export type SecondFactor = { totp?: string | undefined; recoveryCode?: string | undefined };

async function userOf(prisma: PrismaClient, userId: string): Promise<User> {
  const user = await prisma.user.findUnique({ where: { id: userId } });
  if (!user) throw unauthenticated("The account no longer exists");
  return user;
}

/** A valid code of a step not used before; the step is then spent (no replay, even across replicas). */
async function acceptTotp(ctx: AccountContext, user: MfaState, code: string, now: Date): Promise<boolean> {
  if (!user.mfaSecretEncrypted) return false;
  const secret = openMfaSecret(ctx.mfaKey, user.mfaSecretEncrypted, user.id);
  const step = matchTotp(secret, code, now.getTime());
  return step !== undefined && claimTotpStep(ctx.redis, user.id, step);
}

/** Marks the code used in the same statement that finds it, so it works exactly once. */
async function spendRecoveryCode(
  prisma: PrismaClient,
  userId: string,
  code: string,
  now: Date,
): Promise<boolean> {
  const { count } = await prisma.recoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(code), usedAt: null },
    data: { usedAt: now },
  });
  return count === 1;
}

export function hasSecondFactor(factor: SecondFactor): boolean {
  return factor.totp !== undefined || factor.recoveryCode !== undefined;
}

/** Checks the login's second factor; a TOTP code wins when both are given. */
export function secondFactorValid(
  ctx: AccountContext,
  user: MfaState,
  factor: SecondFactor,
  now: Date,
): Promise<boolean> {
  if (factor.totp !== undefined) return acceptTotp(ctx, user, factor.totp, now);
  if (factor.recoveryCode !== undefined)
    return spendRecoveryCode(ctx.prisma, user.id, factor.recoveryCode, now);
  return Promise.resolve(false);
}

/**
 * Starts (or restarts) enrolment: a new secret, stored encrypted, not yet required at sign-in until a code
 * from it is confirmed.
 */
export async function enrollMfa(ctx: AccountContext, userId: string): Promise<TotpEnrolment> {
  const user = await userOf(ctx.prisma, userId);
  if (user.mfaEnabledAt) throw mfaAlreadyEnabled();
  const enrolment = newTotpEnrolment(user.email);
  await ctx.prisma.user.update({
    where: { id: user.id },
    data: { mfaSecretEncrypted: sealMfaSecret(ctx.mfaKey, enrolment.secret, user.id) },
  });
  return enrolment;
}

/** Proves the authenticator works, turns MFA on and answers fresh recovery codes (shown once, stored hashed). */
export async function confirmMfa(
  ctx: AccountContext,
  userId: string,
  code: string,
  now: Date,
): Promise<string[]> {
  const user = await userOf(ctx.prisma, userId);
  if (user.mfaEnabledAt) throw mfaAlreadyEnabled();
  if (!user.mfaSecretEncrypted) throw mfaNotEnrolled();
  if (!(await acceptTotp(ctx, user, code, now))) throw mfaCodeRejected();
  const codes = newRecoveryCodes();
  await ctx.prisma.$transaction(async (tx) => {
    // Guarded on "not yet enabled": of two concurrent confirmations only one hands out codes.
    const { count } = await tx.user.updateMany({
      where: { id: user.id, mfaEnabledAt: null },
      data: { mfaEnabledAt: now },
    });
    if (count !== 1) throw mfaAlreadyEnabled();
    await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
    await tx.recoveryCode.createMany({
      data: codes.map((c) => ({ userId: user.id, codeHash: hashRecoveryCode(c) })),
    });
  });
  return codes;
}

/**
 * Turns MFA off with a current code from the authenticator (proof the caller holds the second factor, not
 * only an access token): the secret and the recovery codes go, and sign-in needs the password alone. A wrong
 * code counts as a failed sign-in, so a stolen access token cannot guess codes at the signed-in rate limit.
 */
export async function disableMfa(
  ctx: AccountContext,
  userId: string,
  code: string,
  now: Date,
): Promise<void> {
  const user = await userOf(ctx.prisma, userId);
  if (!user.mfaEnabledAt) throw mfaNotEnabled();
  const lockedFor = secondsLocked(user, now);
  if (lockedFor !== undefined) throw accountLocked(lockedFor);
  if (!(await acceptTotp(ctx, user, code, now))) await failSignIn(ctx, user, mfaCodeRejected(), now);
  await ctx.prisma.$transaction(async (tx) => {
    await tx.user.updateMany({
      where: { id: user.id, mfaEnabledAt: { not: null } },
      data: { mfaEnabledAt: null, mfaSecretEncrypted: null },
    });
    await tx.recoveryCode.deleteMany({ where: { userId: user.id } });
  });
}
