import type { Role } from "../access.js";
import type { AccountType, PrismaClient, User } from "../database.js";
import {
  newestFirstAfter,
  newestFirstKey,
  newestFirstOrder,
  pageOf,
  type Page,
} from "../pagination/index.js";

/** An account as an admin sees it in the directory: who, what, since when, and how it signs in. */
export type DirectoryEntry = {
  id: string;
  email: string;
  displayName: string;
  accountType: AccountType;
  roles: string[];
  mfaEnabled: boolean;
  lockedUntil: string | null;
  createdAt: string;
};

export type DirectoryQuery = { role?: Role; email?: string; cursor?: string; limit: number };

// Never hashes, secrets, recovery codes or failure counts: an admin's screen is not the place for them.
function entryOf(user: User, now: Date): DirectoryEntry {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    accountType: user.accountType,
    roles: user.roles,
    mfaEnabled: user.mfaEnabledAt !== null,
    lockedUntil: user.lockedUntil && user.lockedUntil > now ? user.lockedUntil.toISOString() : null,
    createdAt: user.createdAt.toISOString(),
  };
}

// Prisma hands `contains` to LIKE as it is: its wildcards (and the escape) must be meant literally.
const likeText = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Every account, newest first, a page at a time; `role` keeps those holding it, `email` those whose address
 * contains the text (any case: addresses are stored lowercased).
 */
export async function listAccounts(
  prisma: PrismaClient,
  query: DirectoryQuery,
  now: Date = new Date(),
): Promise<Page<DirectoryEntry>> {
  const rows = await prisma.user.findMany({
    where: {
      ...(query.role === undefined ? {} : { roles: { has: query.role } }),
      ...(query.email === undefined ? {} : { email: { contains: likeText(query.email.toLowerCase()) } }),
      ...newestFirstAfter(query.cursor),
    },
    orderBy: newestFirstOrder,
    take: query.limit + 1,
  });
  const page = pageOf(rows, query.limit, newestFirstKey);
  return { items: page.items.map((user) => entryOf(user, now)), nextCursor: page.nextCursor };
}
