import type { FastifyReply } from "fastify";
import { SkpError, conflict, invalid, unauthenticated } from "../errors/index.js";

// Unknown email and wrong password share one error, so the answer does not say which accounts exist.
export const invalidCredentials = (): SkpError =>
  new SkpError("SKP_INVALID_CREDENTIALS", 401, "The email or password is not correct");

/** `retryAfter` (seconds) also goes into the Retry-After header: see `retryAfterOf`. */
export const accountLocked = (retryAfter: number): SkpError =>
  new SkpError("SKP_ACCOUNT_LOCKED", 423, "Too many failed sign-ins; the account is locked for a while", {
    retryAfter,
  });

export const emailTaken = (): SkpError =>
  conflict("SKP_EMAIL_TAKEN", "An account with this email already exists");

export const mfaRequired = (): SkpError =>
  new SkpError("SKP_MFA_REQUIRED", 401, "This account needs a TOTP code or a recovery code");

export const mfaInvalid = (): SkpError =>
  new SkpError("SKP_MFA_INVALID", 401, "The TOTP code or recovery code is not valid");

// A signed-in caller confirming enrolment: 401 would read as "your access token is bad" and trigger a refresh.
export const mfaCodeRejected = (): SkpError =>
  invalid("SKP_MFA_INVALID", "The TOTP code is not valid; check the device's clock and try the next code");

// A signed-in caller changing the password: 422 like mfaCodeRejected, with the field to show it at.
export const passwordIncorrect = (): SkpError =>
  new SkpError("SKP_PASSWORD_INCORRECT", 422, "The current password is not correct", {
    errors: [{ field: "currentPassword", message: "is not correct" }],
  });

export const mfaNotEnabled = (): SkpError =>
  conflict("SKP_MFA_NOT_ENABLED", "MFA is not enabled for this account");

export const mfaNotEnrolled = (): SkpError =>
  conflict("SKP_MFA_NOT_ENROLLED", "Start MFA enrolment (POST /v1/auth/mfa/enroll) first");

export const mfaAlreadyEnabled = (): SkpError =>
  conflict("SKP_MFA_ALREADY_ENABLED", "MFA is already enabled for this account");

export const refreshInvalid = (): SkpError =>
  new SkpError("SKP_REFRESH_INVALID", 401, "The refresh token is missing, expired or revoked; sign in again");

export const refreshReused = (): SkpError =>
  new SkpError(
    "SKP_REFRESH_REUSED",
    401,
    "This refresh token was already used; this sign-in has been revoked on every device",
  );

export const accessTokenInvalid = (message = "The access token is not valid"): SkpError =>
  unauthenticated(message);

/** The seconds to put in Retry-After when `error` carries them. */
export function retryAfterOf(error: unknown): number | undefined {
  if (!(error instanceof SkpError)) return undefined;
  const value = error.extensions.retryAfter;
  return typeof value === "number" ? value : undefined;
}

/** `work`, with Retry-After set on the reply when it fails with a lock (or another error that carries one). */
export async function withRetryAfter<T>(reply: FastifyReply, work: Promise<T>): Promise<T> {
  return work.catch((error: unknown) => {
    const retryAfter = retryAfterOf(error);
    if (retryAfter !== undefined) void reply.header("retry-after", String(retryAfter));
    throw error;
  });
}
