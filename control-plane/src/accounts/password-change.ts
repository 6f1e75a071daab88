import { unauthenticated, validationFailed } from "../errors/index.js";
import type { AccountContext } from "./account-context.js";
import { accountLocked, passwordIncorrect } from "./account-errors.js";
import { failSignIn, secondsLocked } from "./lockout.js";
import { hashPassword, verifyPassword } from "./passwords.js";

export type PasswordChange = { currentPassword: string; newPassword: string };
/** Who changes it, and from which sign-in (kept; the others end). */
export type AccountCaller = { userId: string; signInId?: string | undefined };

/** A wrong current password counts as a failed sign-in and locks alike. */
async function checkCurrent(ctx: AccountContext, userId: string, password: string, now: Date): Promise<void> {
  const user = await ctx.prisma.user.findUnique({ where: { id: userId } });
  if (!user) throw unauthenticated("The account no longer exists");
  const lockedFor = secondsLocked(user, now);
  if (lockedFor !== undefined) throw accountLocked(lockedFor);
  if (user.passwordHash && (await verifyPassword(user.passwordHash, password))) return;
  await failSignIn(ctx, user, passwordIncorrect(), now);
}

/**
 * Sets a new password after checking the current one, and ends every other sign-in of the account in the
 * same transaction (someone who knew the old password may hold one). Answers how many sign-ins ended.
 */
export async function changePassword(
  ctx: AccountContext,
  caller: AccountCaller,
  change: PasswordChange,
  now: Date = new Date(),
): Promise<number> {
  if (change.newPassword === change.currentPassword)
    throw validationFailed([{ field: "newPassword", message: "must differ from the current password" }]);
  await checkCurrent(ctx, caller.userId, change.currentPassword, now);
  const passwordHash = await hashPassword(change.newPassword);
  return ctx.prisma.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: caller.userId },
      data: { passwordHash, failedLoginCount: 0, lockedUntil: null },
    });
    return ctx.refreshTokens.revokeOthers(caller.userId, caller.signInId, "password_change", {
      now,
      db: tx,
    });
  });
}
