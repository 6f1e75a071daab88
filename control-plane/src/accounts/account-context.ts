import type { Redis } from "ioredis";
import type { ControlPlaneConfig } from "../config.js";
import type { PrismaClient } from "../database.js";
import type { AccessTokens } from "./access-tokens.js";
import type { LockoutPolicy } from "./lockout.js";
import { RefreshTokens } from "./refresh-tokens.js";

/** What the account operations need, built once when the routes are registered. */
export type AccountContext = {
  prisma: PrismaClient;
  redis: Redis;
  accessTokens: AccessTokens;
  refreshTokens: RefreshTokens;
  /** AES-256-GCM key for MFA secrets at rest. */
  mfaKey: Buffer;
  lockout: LockoutPolicy;
};

export type AccountClients = { prisma: PrismaClient; redis: Redis; accessTokens: AccessTokens };

export function accountContext(clients: AccountClients, config: ControlPlaneConfig): AccountContext {
  return {
    ...clients,
    refreshTokens: new RefreshTokens(clients.prisma, config.REFRESH_TOKEN_TTL_SECONDS),
    mfaKey: Buffer.from(config.MFA_ENCRYPTION_KEY, "base64"),
    lockout: { threshold: config.LOGIN_LOCKOUT_THRESHOLD, seconds: config.LOGIN_LOCKOUT_SECONDS },
  };
}
