import type { Redis } from "ioredis";
import { totpAcceptanceSeconds } from "./totp.js";

// Check-and-set in one step, so two requests racing with the same code cannot both see "unused". Newer
// steps only: an older code is refused once a newer one was accepted (RFC 6238 §5.2).
const claimStep = `
local last = tonumber(redis.call('GET', KEYS[1]) or '-1')
if tonumber(ARGV[1]) <= last then return 0 end
redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
return 1
`;

const keyOf = (userId: string): string => `skillpod:mfa:last-step:${userId}`;

/**
 * Records `step` as the user's last accepted TOTP time step; false when it (or a later one) was already
 * used. The key outlives the steps a code can still be accepted for, after which replay is impossible anyway.
 */
export async function claimTotpStep(redis: Redis, userId: string, step: number): Promise<boolean> {
  const ttl = totpAcceptanceSeconds * 2;
  const claimed = await redis.eval(claimStep, 1, keyOf(userId), String(step), String(ttl));
  return claimed === 1;
}
