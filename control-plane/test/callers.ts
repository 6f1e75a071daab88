// Real callers for tests that need several kinds of them: accounts registered and signed in through the API,
// with admin and auditor granted by SQL as the owner role (no route may grant them), and private rate-limit
// namespaces so a test's budgets are its own.
import { stackEnv } from "@skillpod/testkit";
import type { FastifyInstance } from "fastify";
import type { Redis } from "ioredis";
import { randomBytes, randomUUID } from "node:crypto";
import pg from "pg";
import type { Role } from "../src/access.js";

export const password = "correct horse battery staple";

export type SignedIn = {
  role: Role;
  userId: string;
  email: string;
  accessToken: string;
  /** The skp_refresh cookie of this sign-in. */
  refreshToken: string;
  headers: { authorization: string };
};

export type Account = { userId: string; email: string };

const accountTypes: Record<Role, string> = {
  freelancer: "FREELANCER",
  client: "CLIENT",
  admin: "FREELANCER",
  auditor: "FREELANCER",
};

export function uniqueEmail(label = "caller"): string {
  return `${label}-${randomUUID()}@callers.test`;
}

/** Registers an account whose only role is `role`; not signed in. */
export async function registerAccount(
  app: FastifyInstance,
  role: Role,
  ownerUrl = stackEnv("TEST_DATABASE_URL"),
): Promise<Account> {
  const email = uniqueEmail(role);
  const registered = await app.inject({
    method: "POST",
    url: "/v1/auth/register",
    payload: { email, password, accountType: accountTypes[role], displayName: `Test ${role}` },
  });
  if (registered.statusCode !== 201) throw new Error(`register: ${registered.statusCode} ${registered.body}`);
  const userId = registered.json<{ id: string }>().id;
  if (role === "admin" || role === "auditor") {
    const owner = new pg.Client({ connectionString: ownerUrl });
    await owner.connect();
    try {
      await owner.query("UPDATE users SET roles = ARRAY[$2] WHERE id = $1", [userId, role]);
    } finally {
      await owner.end();
    }
  }
  return { userId, email };
}

export async function signIn(app: FastifyInstance, account: Account, role: Role): Promise<SignedIn> {
  const response = await app.inject({
    method: "POST",
    url: "/v1/auth/login",
    payload: { email: account.email, password },
  });
  if (response.statusCode !== 200) throw new Error(`login: ${response.statusCode} ${response.body}`);
  const accessToken = response.json<{ accessToken: string }>().accessToken;
  const cookie = response.cookies.find((c) => c.name === "skp_refresh");
  if (!cookie) throw new Error("login set no skp_refresh cookie");
  return {
    role,
    ...account,
    accessToken,
    refreshToken: cookie.value,
    headers: { authorization: `Bearer ${accessToken}` },
  };
}

/** A new account with exactly `role`, signed in. */
export async function signUp(app: FastifyInstance, role: Role, ownerUrl?: string): Promise<SignedIn> {
  return signIn(app, await registerAccount(app, role, ownerUrl), role);
}

/** A Redis key prefix no other app, test or run shares (RATE_LIMIT_NAMESPACE). */
export function rateLimitNamespace(label: string): string {
  return `skillpod:rate-limit:test:${label}:${randomBytes(6).toString("hex")}:`;
}

export async function keysUnder(redis: Redis, prefix: string): Promise<string[]> {
  const keys: string[] = [];
  let cursor = "0";
  do {
    const [next, batch] = await redis.scan(cursor, "MATCH", `${prefix}*`, "COUNT", 500);
    keys.push(...batch);
    cursor = next;
  } while (cursor !== "0");
  return keys;
}

/** Deletes this test's counters (and only them); they would expire within a minute anyway. */
export async function dropKeysUnder(redis: Redis, prefix: string): Promise<void> {
  const keys = await keysUnder(redis, prefix);
  if (keys.length > 0) await redis.del(...keys);
}
