// The account's own settings (display name, password, MFA) and what only admins read: rows of the
// authorization matrix. Requests that use up the caller's state (its password, its MFA) run as a fresh account
// of the caller's role, whose credentials replace the caller's.
import type { InjectOptions } from "fastify";
import { totpCodeAt } from "../../src/accounts/totp.js";
import { password, type SignedIn } from "../callers.js";
import type { Call, Caller, Entry, Outcome } from "./matrix-types.js";
import { anyUser, get } from "./matrix-types.js";

const adminsOnly: Record<Caller, Outcome> = { ...anyUser, freelancer: 403, client: 403, auditor: 403 };

/** A fresh account of the caller's kind, or none for anonymous and service callers. */
async function freshFor(call: Call): Promise<SignedIn | undefined> {
  return call.user ? call.ctx.fresh(call.user.role) : undefined;
}

/** Starts MFA enrolment for `session`: its secret. */
async function enrol(call: Call, session: SignedIn): Promise<string> {
  const enrolled = await call.ctx.app.inject({
    method: "POST",
    url: "/v1/auth/mfa/enroll",
    headers: session.headers,
  });
  return enrolled.json<{ secret: string }>().secret;
}

async function passwordRequest(call: Call): Promise<InjectOptions> {
  const body = { currentPassword: password, newPassword: "matrix passphrase, changed" };
  const request = { method: "POST" as const, url: "/v1/me/password", payload: body };
  const session = await freshFor(call);
  return session ? { ...request, headers: session.headers } : request;
}

/** Verifying needs an enrolment in progress and its current code: a fresh account enrols first. */
async function mfaVerifyRequest(call: Call): Promise<InjectOptions> {
  const request = { method: "POST" as const, url: "/v1/auth/mfa/verify" };
  const session = await freshFor(call);
  if (!session) return { ...request, payload: { code: "123456" } };
  const secret = await enrol(call, session);
  return { ...request, headers: session.headers, payload: { code: totpCodeAt(secret, Date.now()) } };
}

/** Turning MFA off needs it on: a fresh account enrols and confirms, then sends the next step's code. */
async function mfaDisableRequest(call: Call): Promise<InjectOptions> {
  const request = { method: "POST" as const, url: "/v1/auth/mfa/disable" };
  const session = await freshFor(call);
  if (!session) return { ...request, payload: { code: "123456" } };
  const secret = await enrol(call, session);
  const at = Date.now();
  const verified = await call.ctx.app.inject({
    method: "POST",
    url: "/v1/auth/mfa/verify",
    headers: session.headers,
    payload: { code: totpCodeAt(secret, at) },
  });
  if (verified.statusCode !== 200) throw new Error(`mfa verify: ${verified.statusCode} ${verified.body}`);
  return { ...request, headers: session.headers, payload: { code: totpCodeAt(secret, at + 30_000) } };
}

export const accountSettingsMatrix: Record<string, Entry> = {
  "PATCH /v1/me": {
    request: () => ({ method: "PATCH", url: "/v1/me", payload: { displayName: "Matrix Renamed" } }),
    expect: anyUser,
  },
  "POST /v1/me/password": { request: passwordRequest, expect: anyUser },
  "POST /v1/auth/mfa/enroll": {
    request: () => ({ method: "POST", url: "/v1/auth/mfa/enroll" }),
    expect: anyUser,
  },
  "POST /v1/auth/mfa/verify": { request: mfaVerifyRequest, expect: anyUser },
  "POST /v1/auth/mfa/disable": { request: mfaDisableRequest, expect: anyUser },
  "GET /v1/admin/users": { request: get("/v1/admin/users?limit=1"), expect: adminsOnly },
};
