import type { AccountType, PrismaClient, User } from "../database.js";
import { unauthenticated } from "../errors/index.js";

export type Profile = {
  id: string;
  email: string;
  displayName: string;
  accountType: AccountType;
  roles: string[];
  mfaEnabled: boolean;
  createdAt: string;
};

/** What a user may see of their own account: never hashes, secrets or lockout counters. */
export function profileOf(user: User): Profile {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    accountType: user.accountType,
    roles: user.roles,
    mfaEnabled: user.mfaEnabledAt !== null,
    createdAt: user.createdAt.toISOString(),
  };
}

/** The signed-in user's profile, read fresh (roles and MFA may have changed since the token was issued). */
export async function loadProfile(prisma: PrismaClient, userId: string): Promise<Profile> {
  const user = await prisma.user.findUnique({ where: { id: userId } });
  // A valid token for a deleted account: the session is over.
  if (!user) throw unauthenticated("The account no longer exists");
  return profileOf(user);
}
