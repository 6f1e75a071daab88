import { Secret, TOTP } from "otpauth";

const issuer = "SkillPod";
const period = 30;
const digits = 6;
const algorithm = "SHA1";
// ±1 step tolerates 30 s of clock drift between the phone and the server.
const window = 1;

export type TotpEnrolment = { secret: string; otpauthUri: string };

/** A fresh 160-bit secret (RFC 4226's recommended size) and the URI authenticator apps scan. */
export function newTotpEnrolment(accountName: string): TotpEnrolment {
  const secret = new Secret({ size: 20 });
  const totp = new TOTP({ issuer, label: accountName, secret, algorithm, digits, period });
  return { secret: secret.base32, otpauthUri: totp.toString() };
}

/**
 * The time step (counter) the code belongs to when it is valid for `timestamp` ± the window, else undefined.
 * Callers refuse a step they have already accepted (replay).
 */
export function matchTotp(secret: string, code: string, timestamp: number = Date.now()): number | undefined {
  const delta = TOTP.validate({
    token: code,
    secret: Secret.fromBase32(secret),
    algorithm,
    digits,
    period,
    timestamp,
    window,
  });
  return delta === null ? undefined : TOTP.counter({ period, timestamp }) + delta;
}

/** The code for `timestamp`: what an authenticator app shows (tests and tooling). */
export function totpCodeAt(secret: string, timestamp: number): string {
  return TOTP.generate({ secret: Secret.fromBase32(secret), algorithm, digits, period, timestamp });
}

/** How long a step stays acceptable: the replay guard must remember it at least this long. */
export const totpAcceptanceSeconds = period * (2 * window + 1);
