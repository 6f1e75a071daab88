import { createHash, randomBytes } from "node:crypto";
import type { Prisma, PrismaClient } from "../database.js";

export const refreshCookieName = "skp_refresh";
/** The cookie is only ever sent to the auth endpoints, never to the rest of the API. */
export const refreshCookiePath = "/v1/auth";

// 32 random bytes, base64url: 43 characters. Anything else is not ours and needs no database lookup.
const tokenFormat = /^[A-Za-z0-9_-]{43}$/;

export function newRefreshToken(): string {
  return randomBytes(32).toString("base64url");
}

/** Only this digest is stored: a database leak does not hand out sign-ins. */
export function hashRefreshToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

export type RotationResult =
  | { kind: "rotated"; userId: string; familyId: string; token: string }
  | { kind: "reused" }
  | { kind: "invalid" };

type LockedToken = {
  id: string;
  family_id: string;
  user_id: string;
  expires_at: Date;
  rotated_at: Date | null;
  revoked_at: Date | null;
};

type Transaction = Prisma.TransactionClient;

/**
 * Opaque rotating refresh tokens grouped in families (one per sign-in). Every refresh replaces the token;
 * presenting a replaced one means it leaked (or a client misbehaves), so the whole family is revoked.
 */
export class RefreshTokens {
  readonly #prisma: PrismaClient;
  readonly #ttlSeconds: number;

  constructor(prisma: PrismaClient, ttlSeconds: number) {
    this.#prisma = prisma;
    this.#ttlSeconds = ttlSeconds;
  }

  #expiry(now: Date): Date {
    return new Date(now.getTime() + this.#ttlSeconds * 1000);
  }

  /** A new family for a fresh sign-in, and its first token. */
  async startFamily(userId: string, now: Date = new Date()): Promise<{ familyId: string; token: string }> {
    const token = newRefreshToken();
    const family = await this.#prisma.refreshTokenFamily.create({
      data: {
        userId,
        tokens: { create: { tokenHash: hashRefreshToken(token), expiresAt: this.#expiry(now) } },
      },
      select: { id: true },
    });
    return { familyId: family.id, token };
  }

  /**
   * Swaps `token` for a new one of the same family. The token and family rows are locked (FOR UPDATE) for
   * the transaction, so of two concurrent refreshes with one token the second waits, then sees it rotated
   * and is treated as reuse. A reuse still commits (the revocation must stick) and reports itself.
   */
  async rotate(token: string, now: Date = new Date()): Promise<RotationResult> {
    if (!tokenFormat.test(token)) return { kind: "invalid" };
    return this.#prisma.$transaction(async (tx) => {
      const [row] = await tx.$queryRaw<LockedToken[]>`
        SELECT t.id, t.family_id, f.user_id, t.expires_at, t.rotated_at, f.revoked_at
        FROM refresh_tokens t JOIN refresh_token_families f ON f.id = t.family_id
        WHERE t.token_hash = ${hashRefreshToken(token)}
        FOR UPDATE`;
      if (!row || row.revoked_at) return { kind: "invalid" };
      if (row.rotated_at) {
        await revokeFamily(tx, row.family_id, "reuse", now);
        return { kind: "reused" };
      }
      if (row.expires_at.getTime() <= now.getTime()) return { kind: "invalid" };
      const next = newRefreshToken();
      await tx.refreshToken.update({ where: { id: row.id }, data: { rotatedAt: now } });
      await tx.refreshToken.create({
        data: { familyId: row.family_id, tokenHash: hashRefreshToken(next), expiresAt: this.#expiry(now) },
      });
      return { kind: "rotated", userId: row.user_id, familyId: row.family_id, token: next };
    });
  }

  /**
   * Ends every sign-in of the user except `keep` (the caller's own, when known); answers how many ended.
   * In `db` when given, so that it commits with the change that caused it.
   */
  async revokeOthers(
    userId: string,
    keep: string | undefined,
    reason: string,
    options: { now?: Date; db?: Transaction } = {},
  ): Promise<number> {
    const { count } = await (options.db ?? this.#prisma).refreshTokenFamily.updateMany({
      where: { userId, revokedAt: null, ...(keep === undefined ? {} : { id: { not: keep } }) },
      data: { revokedAt: options.now ?? new Date(), revokedReason: reason },
    });
    return count;
  }

  /** Ends the sign-in `token` belongs to (any token of the family will do); unknown tokens are ignored. */
  async revoke(token: string, reason: string, now: Date = new Date()): Promise<void> {
    if (!tokenFormat.test(token)) return;
    const found = await this.#prisma.refreshToken.findUnique({
      where: { tokenHash: hashRefreshToken(token) },
      select: { familyId: true },
    });
    if (found) await revokeFamily(this.#prisma, found.familyId, reason, now);
  }
}

async function revokeFamily(
  db: Transaction | PrismaClient,
  familyId: string,
  reason: string,
  now: Date,
): Promise<void> {
  // The first reason wins: a later logout does not hide that the family was revoked for reuse.
  await db.refreshTokenFamily.updateMany({
    where: { id: familyId, revokedAt: null },
    data: { revokedAt: now, revokedReason: reason },
  });
}
