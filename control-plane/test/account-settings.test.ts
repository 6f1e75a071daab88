// The signed-in user's account settings against the real stack: display name, password change (the current
// password checked, the other sign-ins ended, the caller's kept) and turning MFA off with a current code.
// Wrong passwords and codes count towards the sign-in lockout; every change is in the audit trail.
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totpCodeAt } from "../src/accounts/totp.js";
import { buildTestApp, expectProblem } from "./app-harness.js";
import { password, registerAccount, signIn, type Account, type SignedIn } from "./callers.js";

const roomy = { RATE_LIMIT_PUBLIC_PER_MINUTE: "100000", RATE_LIMIT_LOGIN_PER_MINUTE: "100000" };
const newPassword = "a brand new passphrase 2026";

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp({ ...roomy, LOGIN_LOCKOUT_THRESHOLD: "3" });
});
afterAll(async () => app?.close());

function send(
  who: SignedIn,
  method: "POST" | "PATCH",
  url: string,
  payload: Record<string, unknown>,
): Promise<LightMyRequestResponse> {
  return app.inject({ method, url, headers: who.headers, payload });
}

const refresh = (who: SignedIn): Promise<LightMyRequestResponse> =>
  app.inject({ method: "POST", url: "/v1/auth/refresh", cookies: { skp_refresh: who.refreshToken } });

const login = (email: string, body: Record<string, unknown>): Promise<LightMyRequestResponse> =>
  app.inject({ method: "POST", url: "/v1/auth/login", payload: { email, ...body } });

/** The audit events a user's requests left, oldest first. */
async function auditOf(userId: string): Promise<{ action: string; outcome: string }[]> {
  return app.prisma.auditEvent.findMany({
    where: { actorId: userId },
    orderBy: { id: "asc" },
    select: { action: true, outcome: true },
  });
}

/** The automatic trail is written after the response: wait for the event rather than race it. */
async function untilAudited(userId: string, count: number): Promise<{ action: string; outcome: string }[]> {
  for (let tries = 0; tries < 50; tries += 1) {
    const events = await auditOf(userId);
    if (events.length >= count) return events;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return auditOf(userId);
}

const outcomesOf = (events: { action: string; outcome: string }[], action: string): string[] =>
  events
    .filter((event) => event.action === action)
    .map((event) => event.outcome)
    .sort();

describe("display name", () => {
  it("renames the account (trimmed) and refuses a blank or oversized name", async () => {
    const ann = await signIn(app, await registerAccount(app, "freelancer"), "freelancer");
    const renamed = await send(ann, "PATCH", "/v1/me", { displayName: "  Ann Renamed " });
    expect(renamed.statusCode, renamed.body).toBe(200);
    expect(renamed.json()).toMatchObject({ id: ann.userId, displayName: "Ann Renamed" });
    const me = await app.inject({ url: "/v1/me", headers: ann.headers });
    expect(me.json()).toMatchObject({ displayName: "Ann Renamed" });
    for (const displayName of ["   ", "d".repeat(101)])
      expectProblem(await send(ann, "PATCH", "/v1/me", { displayName }), 400, "SKP_VALIDATION_FAILED");
    expectProblem(await send(ann, "PATCH", "/v1/me", { email: "x@y.test" }), 400, "SKP_VALIDATION_FAILED");
  });
});

describe("password change", () => {
  let account: Account;
  let here: SignedIn;
  let elsewhere: SignedIn;
  beforeAll(async () => {
    account = await registerAccount(app, "client");
    [here, elsewhere] = [await signIn(app, account, "client"), await signIn(app, account, "client")];
  });

  it("names its sign-in in every access token (sid), after a refresh too", async () => {
    const family = await app.prisma.refreshToken.findFirstOrThrow({
      where: { family: { userId: account.userId } },
      orderBy: { createdAt: "asc" },
      select: { familyId: true },
    });
    expect(decodeJwt(here.accessToken).sid).toBe(family.familyId);
    expect(decodeJwt(elsewhere.accessToken).sid).not.toBe(family.familyId);
  });

  it("refuses a wrong current password (422 on the field), counting it towards the lockout", async () => {
    const wrong = await send(here, "POST", "/v1/me/password", {
      currentPassword: "not the password at all",
      newPassword,
    });
    expectProblem(wrong, 422, "SKP_PASSWORD_INCORRECT");
    expect(wrong.json<{ errors: unknown[] }>().errors).toEqual([
      { field: "currentPassword", message: "is not correct" },
    ]);
    const row = await app.prisma.user.findUniqueOrThrow({ where: { id: account.userId } });
    expect(row.failedLoginCount).toBe(1);
    const same = await send(here, "POST", "/v1/me/password", {
      currentPassword: password,
      newPassword: password,
    });
    expectProblem(same, 422, "SKP_VALIDATION_FAILED");
    const short = await send(here, "POST", "/v1/me/password", {
      currentPassword: password,
      newPassword: "short",
    });
    expectProblem(short, 400, "SKP_VALIDATION_FAILED");
  });

  it("sets the new password and ends the other sign-ins, keeping the caller's", async () => {
    const changed = await send(here, "POST", "/v1/me/password", { currentPassword: password, newPassword });
    expect(changed.statusCode, changed.body).toBe(200);
    expect(changed.json()).toEqual({ otherSignInsEnded: 1 });

    const stored = await app.prisma.user.findUniqueOrThrow({ where: { id: account.userId } });
    expect(stored.passwordHash).toMatch(/^\$argon2id\$/);
    expect(stored.failedLoginCount).toBe(0);
    expectProblem(await login(account.email, { password }), 401, "SKP_INVALID_CREDENTIALS");
    expect((await login(account.email, { password: newPassword })).statusCode).toBe(200);

    expectProblem(await refresh(elsewhere), 401, "SKP_REFRESH_INVALID");
    const kept = await refresh(here);
    expect(kept.statusCode, kept.body).toBe(200);
    const ended = await app.prisma.refreshTokenFamily.findMany({
      where: { userId: account.userId, revokedReason: "password_change" },
    });
    expect(ended.map((family) => family.id)).toEqual([decodeJwt(elsewhere.accessToken).sid]);

    // Written after each response, so not necessarily in request order.
    const events = await untilAudited(account.userId, 4);
    expect(outcomesOf(events, "POST /v1/me/password")).toEqual(["failure", "failure", "failure", "success"]);
  });

  it("locks the account at the threshold of wrong current passwords (423), like sign-in", async () => {
    const bob = await signIn(app, await registerAccount(app, "freelancer"), "freelancer");
    const attempt = { currentPassword: "not the password at all", newPassword };
    expectProblem(await send(bob, "POST", "/v1/me/password", attempt), 422, "SKP_PASSWORD_INCORRECT");
    expectProblem(await send(bob, "POST", "/v1/me/password", attempt), 422, "SKP_PASSWORD_INCORRECT");
    const locking = await send(bob, "POST", "/v1/me/password", attempt);
    expectProblem(locking, 423, "SKP_ACCOUNT_LOCKED");
    expect(locking.headers["retry-after"]).toBe("900");
    const right = { currentPassword: password, newPassword };
    expectProblem(await send(bob, "POST", "/v1/me/password", right), 423, "SKP_ACCOUNT_LOCKED");
  });

  it("needs a signed-in user", async () => {
    const anonymous = await app.inject({
      method: "POST",
      url: "/v1/me/password",
      payload: { currentPassword: password, newPassword },
    });
    expectProblem(anonymous, 401, "SKP_UNAUTHENTICATED");
  });
});

describe("turning MFA off", () => {
  async function withMfa(): Promise<{ who: SignedIn; secret: string; at: number }> {
    const who = await signIn(app, await registerAccount(app, "freelancer"), "freelancer");
    const enrolled = await app.inject({ method: "POST", url: "/v1/auth/mfa/enroll", headers: who.headers });
    const { secret } = enrolled.json<{ secret: string }>();
    const at = Date.now();
    const verified = await send(who, "POST", "/v1/auth/mfa/verify", { code: totpCodeAt(secret, at) });
    expect(verified.statusCode, verified.body).toBe(200);
    return { who, secret, at };
  }

  it("needs a current code, then deletes the secret and recovery codes; the password alone signs in", async () => {
    const { who, secret, at } = await withMfa();
    const wrongCode = totpCodeAt(secret, at + 30_000) === "000000" ? "111111" : "000000";
    expectProblem(
      await send(who, "POST", "/v1/auth/mfa/disable", { code: wrongCode }),
      422,
      "SKP_MFA_INVALID",
    );
    // The code that confirmed enrolment was spent: no replay.
    const replay = await send(who, "POST", "/v1/auth/mfa/disable", { code: totpCodeAt(secret, at) });
    expectProblem(replay, 422, "SKP_MFA_INVALID");
    const row = await app.prisma.user.findUniqueOrThrow({ where: { id: who.userId } });
    expect(row.failedLoginCount).toBe(2);

    const off = await send(who, "POST", "/v1/auth/mfa/disable", { code: totpCodeAt(secret, at + 30_000) });
    expect(off.statusCode, off.body).toBe(204);
    const after = await app.prisma.user.findUniqueOrThrow({ where: { id: who.userId } });
    expect([after.mfaEnabledAt, after.mfaSecretEncrypted]).toEqual([null, null]);
    expect(await app.prisma.recoveryCode.count({ where: { userId: who.userId } })).toBe(0);
    expect((await app.inject({ url: "/v1/me", headers: who.headers })).json()).toMatchObject({
      mfaEnabled: false,
    });
    expect((await login(who.email, { password })).statusCode).toBe(200);

    expectProblem(
      await send(who, "POST", "/v1/auth/mfa/disable", { code: "123456" }),
      409,
      "SKP_MFA_NOT_ENABLED",
    );
    // Enrolling again works from scratch.
    const again = await app.inject({ method: "POST", url: "/v1/auth/mfa/enroll", headers: who.headers });
    expect(again.statusCode, again.body).toBe(200);

    const events = await untilAudited(who.userId, 7);
    expect(outcomesOf(events, "POST /v1/auth/mfa/disable")).toEqual([
      "failure",
      "failure",
      "failure",
      "success",
    ]);
  });

  it("refuses a malformed code with 400 and an anonymous caller with 401", async () => {
    const { who } = await withMfa();
    expectProblem(
      await send(who, "POST", "/v1/auth/mfa/disable", { code: "12345" }),
      400,
      "SKP_VALIDATION_FAILED",
    );
    const anonymous = await app.inject({
      method: "POST",
      url: "/v1/auth/mfa/disable",
      payload: { code: "123456" },
    });
    expectProblem(anonymous, 401, "SKP_UNAUTHENTICATED");
  });
});
