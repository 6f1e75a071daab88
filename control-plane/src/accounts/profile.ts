import type pg from "pg";
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

type ProfileRow = Pick<User, "id" | "email"> & {
  display_name: string;
  account_type: AccountType;
  roles: string[] | null;
  mfa_enabled_at: Date | null;
  created_at: Date;
};

type Pool = Pick<pg.Pool, "query">;
type Waiting = {
  userId: string;
  resolve: (row: ProfileRow | undefined) => void;
  reject: (error: unknown) => void;
};

// A named statement: each pooled connection parses and plans it once, then only binds the ids.
const profilesStatement = {
  name: "skillpod_load_profiles",
  text:
    "SELECT id, email, display_name, account_type, roles, mfa_enabled_at, created_at " +
    "FROM users WHERE id = ANY($1::uuid[])",
};
const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * Profile reads by id, batched per turn of the event loop: the ids asked for during one turn go to
 * PostgreSQL as one query right after it. Each read is a query sent after it was asked for, so it sees every
 * change committed before (a role taken away, an account deleted); nothing is cached. Under load this is one
 * round trip, and one wake-up of a PostgreSQL backend, for many requests instead of one each.
 */
class ProfileReads {
  readonly #pool: Pool;
  #waiting: Waiting[] = [];

  constructor(pool: Pool) {
    this.#pool = pool;
  }

  read(userId: string): Promise<ProfileRow | undefined> {
    // Ids come from tokens this service signed; anything else names no account, and must not fail the batch.
    if (!uuid.test(userId)) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      if (this.#waiting.push({ userId, resolve, reject }) === 1) setImmediate(() => this.#send());
    });
  }

  #send(): void {
    const batch = this.#waiting;
    this.#waiting = [];
    const ids = [...new Set(batch.map((waiting) => waiting.userId))];
    this.#pool.query<ProfileRow>({ ...profilesStatement, values: [ids] }).then(
      ({ rows }) => {
        const byId = new Map(rows.map((row) => [row.id, row]));
        for (const waiting of batch) waiting.resolve(byId.get(waiting.userId));
      },
      (error: unknown) => {
        for (const waiting of batch) waiting.reject(error);
      },
    );
  }
}

const readsByPool = new WeakMap<Pool, ProfileReads>();

function readsOn(pool: Pool): ProfileReads {
  let reads = readsByPool.get(pool);
  if (!reads) readsByPool.set(pool, (reads = new ProfileReads(pool)));
  return reads;
}

/**
 * The signed-in user's profile, read fresh from the database on every call (roles and MFA may have changed
 * since the token was issued, and a deleted account must end the sign-in at once).
 */
export async function loadProfile(pool: Pool, userId: string): Promise<Profile> {
  const user = await readsOn(pool).read(userId.toLowerCase());
  // A valid token for a deleted account: the sign-in is over.
  if (!user) throw unauthenticated("The account no longer exists");
  return {
    id: user.id,
    email: user.email,
    displayName: user.display_name,
    accountType: user.account_type,
    roles: user.roles ?? [],
    mfaEnabled: user.mfa_enabled_at !== null,
    createdAt: user.created_at.toISOString(),
  };
}

/** Renames the account (trimmed, as at registration) and answers the profile as it is now. */
export async function renameAccount(
  prisma: PrismaClient,
  userId: string,
  displayName: string,
): Promise<Profile> {
  const { count } = await prisma.user.updateMany({
    where: { id: userId },
    data: { displayName: displayName.trim() },
  });
  if (count !== 1) throw unauthenticated("The account no longer exists");
  return profileOf(await prisma.user.findUniqueOrThrow({ where: { id: userId } }));
}
