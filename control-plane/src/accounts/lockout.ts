import type { PrismaClient } from "../database.js";
import type { SkpError } from "../errors/index.js";
import { accountLocked } from "./account-errors.js";

export type LockoutPolicy = { threshold: number; seconds: number };
type LockState = { id: string; failedLoginCount: number; lockedUntil: Date | null };

/** Whole seconds until the account unlocks (for Retry-After), or undefined when it is not locked. */
export function secondsLocked(user: LockState, now: Date): number | undefined {
  const remaining = (user.lockedUntil?.getTime() ?? 0) - now.getTime();
  return remaining > 0 ? Math.ceil(remaining / 1000) : undefined;
}

/**
 * Counts a failed sign-in (wrong password or second factor) and locks the account once the count reaches
 * the threshold; answers the lock's length in seconds when this failure locked it. The count is not reset
 * by the lock, only by a successful sign-in: after a lock expires, each further failure locks it again, so
 * a guesser gets one try per lock period rather than a fresh batch.
 */
export async function recordFailedLogin(
  prisma: PrismaClient,
  userId: string,
  policy: LockoutPolicy,
  now: Date,
): Promise<number | undefined> {
  // An atomic increment: concurrent guesses cannot overwrite each other's count.
  const { failedLoginCount } = await prisma.user.update({
    where: { id: userId },
    data: { failedLoginCount: { increment: 1 } },
    select: { failedLoginCount: true },
  });
  if (failedLoginCount < policy.threshold) return undefined;
  await prisma.user.update({
    where: { id: userId },
    data: { lockedUntil: new Date(now.getTime() + policy.seconds * 1000) },
  });
  return policy.seconds;
}

export async function clearFailedLogins(prisma: PrismaClient, user: LockState): Promise<void> {
  if (user.failedLoginCount === 0 && user.lockedUntil === null) return;
  await prisma.user.update({ where: { id: user.id }, data: { failedLoginCount: 0, lockedUntil: null } });
}

/**
 * Counts the failure, then throws: the lock when this failure caused one, else `error`. Also for a wrong
 * password or code on an account change (a stolen access token must not guess at the signed-in rate limit).
 */
export async function failSignIn(
  ctx: { prisma: PrismaClient; lockout: LockoutPolicy },
  user: { id: string },
  error: SkpError,
  now: Date,
): Promise<never> {
  const lockedFor = await recordFailedLogin(ctx.prisma, user.id, ctx.lockout, now);
  throw lockedFor === undefined ? error : accountLocked(lockedFor);
}
