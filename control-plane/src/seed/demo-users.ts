// The demo logins of `make dev`, written straight into the database as its owner: the register route is
// rate limited (per IP, across accounts), so seeding through it failed right after the tests ran.
import { hashPassword } from "../accounts/passwords.js";
import { rolesFor } from "../accounts/registration.js";
import type { Queryable } from "./insert.js";

export const demoPassword = "skillpod-demo-2026";

type DemoUser = {
  email: string;
  accountType: "FREELANCER" | "CLIENT" | "COMPANY";
  displayName: string;
  /** Granted by operators, never by a route: added to the roles the account type gives. */
  grant?: "admin" | "auditor";
};

export const demoUsers = {
  ada: { email: "ada@demo.skillpod.dev", accountType: "FREELANCER", displayName: "Ada Lovelace" },
  acme: { email: "client@demo.skillpod.dev", accountType: "COMPANY", displayName: "Acme Ltd" },
  admin: {
    email: "admin@demo.skillpod.dev",
    accountType: "CLIENT",
    displayName: "Platform Admin",
    grant: "admin",
  },
  auditor: {
    email: "auditor@demo.skillpod.dev",
    accountType: "CLIENT",
    displayName: "Compliance Auditor",
    grant: "auditor",
  },
} satisfies Record<string, DemoUser>;

export type DemoAccounts = Record<keyof typeof demoUsers, string>;

/**
 * Creates the demo users that are missing and grants the roles they lack; an existing account keeps its
 * password (someone may have changed it on purpose). Returns their ids.
 */
export async function seedDemoUsers(
  db: Queryable,
  passwordHash: string,
  say: (line: string) => void,
): Promise<DemoAccounts> {
  const ids: Partial<DemoAccounts> = {};
  for (const [key, user] of Object.entries(demoUsers) as [keyof DemoAccounts, DemoUser][]) {
    const roles = [...rolesFor(user.accountType), ...(user.grant ? [user.grant] : [])];
    const { rows } = await db.query<{ id: string; created: boolean }>(
      `INSERT INTO users (email, display_name, account_type, roles, password_hash)
       VALUES ($1, $2, $3::"AccountType", $4::text[], $5)
       ON CONFLICT (email) DO UPDATE
         SET roles = users.roles || ARRAY(SELECT unnest(EXCLUDED.roles) EXCEPT SELECT unnest(users.roles))
       RETURNING id::text, (xmax = 0) AS created`,
      [user.email, user.displayName, user.accountType, roles, passwordHash],
    );
    const row = rows[0];
    if (!row) throw new Error(`the demo user ${user.email} was neither created nor found`);
    ids[key] = row.id;
    say(`demo user ${user.email} (${roles.join(", ")}): ${row.created ? "created" : "already there"}`);
  }
  return ids as DemoAccounts;
}

/** One argon2id hash of the demo password, with the control plane's own parameters, for every seeded login. */
export function demoPasswordHash(): Promise<string> {
  return hashPassword(demoPassword);
}
