// Accounts against the real stack: registration, sign-in, access tokens, rotating refresh tokens with reuse
// detection, TOTP MFA with replay protection and recovery codes, lockout and the login rate limit.
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import {
  SignJWT,
  type CryptoKey,
  createRemoteJWKSet,
  decodeJwt,
  decodeProtectedHeader,
  exportPKCS8,
  generateKeyPair,
  jwtVerify,
} from "jose";
import { createHash, randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totpCodeAt } from "../src/accounts/totp.js";
import { buildTestApp, internalToken, expectProblem } from "./app-harness.js";

type Tokens = { accessToken: string; tokenType: string; expiresIn: number };
type Cookie = { name: string; value: string; [attribute: string]: unknown };

const password = "correct horse battery staple";
// Every test request comes from 127.0.0.1: lift the per-IP public limit so the suite is not throttled by
// itself (or by a run a minute ago; the counters live in Redis). The login limit has its own test.
const roomy = { RATE_LIMIT_PUBLIC_PER_MINUTE: "100000", RATE_LIMIT_LOGIN_PER_MINUTE: "100000" };

let app: FastifyInstance;
let signingKey: CryptoKey;

beforeAll(async () => {
  const pair = await generateKeyPair("EdDSA", { extractable: true });
  signingKey = pair.privateKey;
  app = await buildTestApp({ ...roomy, JWT_PRIVATE_KEY: await exportPKCS8(pair.privateKey) });
});
afterAll(async () => app?.close());

const uniqueEmail = (): string => `acct-${randomUUID()}@accounts.test`;

async function register(
  on: FastifyInstance,
  email: string,
  extra: Record<string, unknown> = {},
): Promise<LightMyRequestResponse> {
  return on.inject({
    method: "POST",
    url: "/v1/auth/register",
    payload: { email, password, accountType: "FREELANCER", displayName: "Ann Example", ...extra },
  });
}

function login(on: FastifyInstance, body: Record<string, unknown>): Promise<LightMyRequestResponse> {
  return on.inject({ method: "POST", url: "/v1/auth/login", payload: body });
}

function refresh(
  token: string | undefined,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: "POST",
    url: "/v1/auth/refresh",
    headers,
    ...(token === undefined ? {} : { cookies: { skp_refresh: token } }),
  });
}

function me(accessToken: string): Promise<LightMyRequestResponse> {
  return app.inject({ url: "/v1/me", headers: { authorization: `Bearer ${accessToken}` } });
}

function refreshCookie(response: LightMyRequestResponse): Cookie {
  const cookie = (response.cookies as Cookie[]).find((c) => c.name === "skp_refresh");
  if (!cookie) throw new Error(`no skp_refresh cookie in ${response.statusCode} ${response.body}`);
  return cookie;
}

async function signedIn(email: string): Promise<{ tokens: Tokens; cookie: string }> {
  const response = await login(app, { email, password });
  expect(response.statusCode, response.body).toBe(200);
  return { tokens: response.json<Tokens>(), cookie: refreshCookie(response).value };
}

const sha256 = (value: string): string => createHash("sha256").update(value).digest("hex");

describe("registration", () => {
  it("creates an account with a lowercased email, derived roles and an argon2id hash", async () => {
    const email = uniqueEmail();
    const response = await register(app, email.toUpperCase(), { accountType: "AGENCY" });
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json<Record<string, unknown>>();
    expect(body).toMatchObject({
      email,
      displayName: "Ann Example",
      accountType: "AGENCY",
      roles: ["client"],
      mfaEnabled: false,
    });
    expect(Object.keys(body).sort()).toEqual(
      ["accountType", "createdAt", "displayName", "email", "id", "mfaEnabled", "roles"].sort(),
    );
    const row = await app.prisma.user.findUniqueOrThrow({ where: { email } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect((await register(app, uniqueEmail())).json<{ roles: string[] }>().roles).toEqual(["freelancer"]);
  });

  it("answers 409 SKP_EMAIL_TAKEN for an address already registered, whatever its case", async () => {
    const email = uniqueEmail();
    expect((await register(app, email)).statusCode).toBe(201);
    expectProblem(await register(app, email.toUpperCase()), 409, "SKP_EMAIL_TAKEN");
  });

  it("refuses malformed, oversized and over-specified bodies with 400, never a 5xx", async () => {
    const cases: Record<string, unknown>[] = [
      { password: "short" },
      { accountType: "ADMIN" },
      { roles: ["admin"] },
      { email: "not-an-email" },
      { email: `${"a".repeat(10_000)}@accounts.test` },
      { password: "p".repeat(1025) },
      { displayName: "d".repeat(101) },
      { displayName: "   " },
    ];
    for (const extra of cases) {
      const response = await register(app, uniqueEmail(), extra);
      expectProblem(response, 400, "SKP_VALIDATION_FAILED");
      expect(response.json<{ errors: unknown[] }>().errors.length, JSON.stringify(extra)).toBeGreaterThan(0);
    }
    const hugeLogin = await login(app, { email: uniqueEmail(), password: "p".repeat(100_000) });
    expectProblem(hugeLogin, 400, "SKP_VALIDATION_FAILED");
    const tooLarge = await login(app, { email: uniqueEmail(), password: "p".repeat(2_000_000) });
    expect(tooLarge.statusCode).toBe(413);
  });
});

describe("sign-in and sessions", () => {
  it("signs in, reads /v1/me, rotates the refresh token, detects reuse and kills the family", async () => {
    const email = uniqueEmail();
    await register(app, email);
    const first = await login(app, { email: email.toUpperCase(), password });
    expect(first.statusCode, first.body).toBe(200);
    const tokens = first.json<Tokens>();
    expect(tokens).toMatchObject({ tokenType: "Bearer", expiresIn: 900 });
    const cookie = refreshCookie(first);
    expect(cookie).toMatchObject({ httpOnly: true, secure: true, sameSite: "Strict", path: "/v1/auth" });
    expect(cookie.maxAge).toBe(30 * 24 * 3600);
    expect(cookie.value).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const profile = await me(tokens.accessToken);
    expect(profile.statusCode, profile.body).toBe(200);
    expect(profile.json()).toMatchObject({ email, roles: ["freelancer"], mfaEnabled: false });
    expectProblem(await app.inject({ url: "/v1/me" }), 401, "SKP_UNAUTHENTICATED");

    // Rotation: a new cookie and a new access token; only digests are stored.
    const rotated = await refresh(cookie.value);
    expect(rotated.statusCode, rotated.body).toBe(200);
    const second = refreshCookie(rotated);
    expect(second.value).not.toBe(cookie.value);
    expect((await me(rotated.json<Tokens>().accessToken)).statusCode).toBe(200);
    const old = await app.prisma.refreshToken.findUniqueOrThrow({
      where: { tokenHash: sha256(cookie.value) },
    });
    expect(old.rotatedAt).not.toBeNull();
    const current = await app.prisma.refreshToken.findUniqueOrThrow({
      where: { tokenHash: sha256(second.value) },
    });
    expect([current.familyId, current.rotatedAt]).toEqual([old.familyId, null]);

    // Reuse of the replaced token: refused, and the newer token of the family dies with it.
    const reused = await refresh(cookie.value);
    expectProblem(reused, 401, "SKP_REFRESH_REUSED");
    expect(refreshCookie(reused).value).toBe("");
    expectProblem(await refresh(second.value), 401, "SKP_REFRESH_INVALID");
    const family = await app.prisma.refreshTokenFamily.findUniqueOrThrow({ where: { id: old.familyId } });
    expect(family.revokedReason).toBe("reuse");
    expect(family.revokedAt).not.toBeNull();
  });

  it("logs out: the family is revoked and the cookie cleared; logout without a cookie is harmless", async () => {
    const email = uniqueEmail();
    await register(app, email);
    const { cookie } = await signedIn(email);
    const out = await app.inject({
      method: "POST",
      url: "/v1/auth/logout",
      cookies: { skp_refresh: cookie },
    });
    expect(out.statusCode).toBe(204);
    const cleared = refreshCookie(out);
    expect(cleared.value).toBe("");
    expect((cleared.expires as Date).getTime()).toBeLessThan(Date.now());
    expectProblem(await refresh(cookie), 401, "SKP_REFRESH_INVALID");
    const token = await app.prisma.refreshToken.findUniqueOrThrow({
      where: { tokenHash: sha256(cookie) },
      include: { family: true },
    });
    expect(token.family.revokedReason).toBe("logout");
    expect((await app.inject({ method: "POST", url: "/v1/auth/logout" })).statusCode).toBe(204);
  });

  it("refuses a missing, malformed or unknown refresh cookie", async () => {
    expectProblem(await refresh(undefined), 401, "SKP_REFRESH_INVALID");
    expectProblem(await refresh("not a token"), 401, "SKP_REFRESH_INVALID");
    expectProblem(await refresh("A".repeat(43)), 401, "SKP_REFRESH_INVALID");
  });

  it("lets exactly one of several concurrent refreshes with the same token succeed", async () => {
    const email = uniqueEmail();
    await register(app, email);
    const { cookie } = await signedIn(email);
    // Hold the token's row lock while the refreshes arrive, so they all start before any can finish: a
    // rotation that did not lock the row would read "not rotated" in each of them and let several through.
    let release!: () => void;
    let locked!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holder = app.prisma.$transaction(
      async (tx) => {
        await tx.$queryRaw`SELECT id FROM refresh_tokens WHERE token_hash = ${sha256(cookie)} FOR UPDATE`;
        locked();
        await released;
      },
      { timeout: 10_000 },
    );
    await isLocked;
    const racing = Promise.all(Array.from({ length: 4 }, () => refresh(cookie)));
    await sleep(500);
    release();
    await holder;
    const results = await racing;

    const winners = results.filter((r) => r.statusCode === 200);
    expect(winners).toHaveLength(1);
    // The first loser through the lock revokes the family for reuse; those after it find it revoked.
    const losers = results.filter((r) => r.statusCode !== 200);
    expect(losers.map((r) => r.statusCode)).toEqual([401, 401, 401]);
    const codes = losers.map((r) => r.json<{ code: string }>().code);
    expect(codes).toContain("SKP_REFRESH_REUSED");
    for (const code of codes) expect(["SKP_REFRESH_REUSED", "SKP_REFRESH_INVALID"]).toContain(code);
    // The winner's new token belonged to the family the reuse revoked.
    expectProblem(await refresh(refreshCookie(winners[0]!).value), 401, "SKP_REFRESH_INVALID");
  });

  it("refreshes even when the client still sends its expired access token", async () => {
    const email = uniqueEmail();
    await register(app, email);
    const { tokens, cookie } = await signedIn(email);
    const stale = await new SignJWT({ email, roles: ["freelancer"] })
      .setProtectedHeader({ alg: "EdDSA", typ: "at+jwt", kid: app.accessTokens.kid })
      .setIssuer("https://skillpod.local")
      .setAudience("skillpod-api")
      .setSubject(decodeJwt(tokens.accessToken).sub!)
      .setIssuedAt(Math.floor(Date.now() / 1000) - 1000)
      .setNotBefore(Math.floor(Date.now() / 1000) - 1000)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 100)
      .setJti(randomUUID())
      .sign(signingKey);
    expectProblem(await me(stale), 401, "SKP_UNAUTHENTICATED");
    const response = await refresh(cookie, { authorization: `Bearer ${stale}` });
    expect(response.statusCode, response.body).toBe(200);
  });

  it("answers an unknown email and a wrong password alike", async () => {
    // The equal argon2 work behind this is checked deterministically in src/accounts/login.test.ts: response
    // times on a shared machine are too noisy to tell 40 ms apart.
    const email = uniqueEmail();
    await register(app, email);
    const unknown = await login(app, { email: uniqueEmail(), password });
    const wrong = await login(app, { email, password: `${password}!` });
    expectProblem(unknown, 401, "SKP_INVALID_CREDENTIALS");
    expectProblem(wrong, 401, "SKP_INVALID_CREDENTIALS");
    expect(unknown.json<{ detail: string }>().detail).toBe(wrong.json<{ detail: string }>().detail);
  });

  it("keeps the internal service token working, and a service is not a user", async () => {
    const response = await app.inject({
      url: "/v1/me",
      headers: { authorization: `Bearer ${internalToken}` },
    });
    expectProblem(response, 403, "SKP_FORBIDDEN");
  });
});

describe("access tokens", () => {
  async function forge(
    claims: Record<string, unknown>,
    options: { typ?: string; key?: CryptoKey; audience?: string; expiresIn?: number; sub?: string } = {},
  ): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ email: "x@accounts.test", roles: ["admin"], ...claims })
      .setProtectedHeader({ alg: "EdDSA", typ: options.typ ?? "at+jwt", kid: app.accessTokens.kid })
      .setIssuer("https://skillpod.local")
      .setAudience(options.audience ?? "skillpod-api")
      .setSubject(options.sub ?? randomUUID())
      .setIssuedAt(now - 60)
      .setNotBefore(now - 60)
      .setExpirationTime(now + (options.expiresIn ?? 300))
      .setJti(randomUUID())
      .sign(options.key ?? signingKey);
  }

  it("accepts a token made with the app's key and claims, and refuses every variation with 401", async () => {
    const user = (await register(app, uniqueEmail())).json<{ id: string }>();
    expect((await me(await forge({}, { sub: user.id }))).statusCode).toBe(200);
    // A valid token whose account is gone: the session is over.
    expectProblem(await me(await forge({})), 401, "SKP_UNAUTHENTICATED");
    const otherKey = (await generateKeyPair("EdDSA")).privateKey;
    const body = Buffer.from(JSON.stringify(decodeJwt(await forge({}, { sub: user.id })))).toString(
      "base64url",
    );
    const none = `${Buffer.from(JSON.stringify({ alg: "none", typ: "at+jwt" })).toString("base64url")}.${body}.`;
    const sub = user.id;
    const forged = [
      await forge({}, { sub, key: otherKey }),
      none,
      await forge({}, { sub, expiresIn: -30 }),
      await forge({}, { sub, audience: "another-api" }),
      await forge({}, { sub, typ: "JWT" }),
    ];
    for (const token of forged) expectProblem(await me(token), 401, "SKP_UNAUTHENTICATED");
  });

  it("carries roles from the account and is verifiable with the published JWKS", async () => {
    const email = uniqueEmail();
    await register(app, email, { accountType: "COMPANY" });
    const { tokens } = await signedIn(email);
    const claims = decodeJwt(tokens.accessToken);
    expect(claims).toMatchObject({
      iss: "https://skillpod.local",
      aud: "skillpod-api",
      email,
      roles: ["client"],
    });
    expect(claims.exp! - claims.iat!).toBe(900);
    expect(decodeProtectedHeader(tokens.accessToken)).toMatchObject({ alg: "EdDSA", typ: "at+jwt" });

    const jwks = await app.inject({ url: "/.well-known/jwks.json" });
    expect(jwks.statusCode).toBe(200);
    expect(jwks.json<{ keys: { kid: string; d?: string }[] }>().keys).toEqual([
      expect.objectContaining({ kid: app.accessTokens.kid, kty: "OKP", crv: "Ed25519", alg: "EdDSA" }),
    ]);
    expect(jwks.body).not.toContain('"d"');

    const address = await app.listen({ port: 0, host: "127.0.0.1" });
    const keySet = createRemoteJWKSet(new URL("/.well-known/jwks.json", address));
    const { payload } = await jwtVerify(tokens.accessToken, keySet, {
      algorithms: ["EdDSA"],
      issuer: "https://skillpod.local",
      audience: "skillpod-api",
      typ: "at+jwt",
    });
    expect(payload.sub).toBe(claims.sub);
  });
});

describe("TOTP MFA", () => {
  it("enrols, verifies, then requires a code at sign-in; codes and recovery codes work once", async () => {
    const email = uniqueEmail();
    await register(app, email);
    const { tokens } = await signedIn(email);
    const auth = { authorization: `Bearer ${tokens.accessToken}` };

    const enrolled = await app.inject({ method: "POST", url: "/v1/auth/mfa/enroll", headers: auth });
    expect(enrolled.statusCode, enrolled.body).toBe(200);
    const { secret, otpauthUri } = enrolled.json<{ secret: string; otpauthUri: string }>();
    expect(otpauthUri).toMatch(/^otpauth:\/\/totp\/SkillPod:/);
    const row = await app.prisma.user.findUniqueOrThrow({ where: { email } });
    expect(row.mfaSecretEncrypted).toBeTruthy();
    expect(row.mfaSecretEncrypted).not.toBe(secret);
    expect(row.mfaSecretEncrypted).not.toContain(secret);
    expect(row.mfaEnabledAt).toBeNull();
    // Not enabled until verified: a password still suffices.
    expect((await login(app, { email, password })).statusCode).toBe(200);

    const verify = (code: string): Promise<LightMyRequestResponse> =>
      app.inject({ method: "POST", url: "/v1/auth/mfa/verify", headers: auth, payload: { code } });
    const wrongCode = totpCodeAt(secret, Date.now()) === "000000" ? "111111" : "000000";
    expectProblem(await verify(wrongCode), 422, "SKP_MFA_INVALID");
    const now = Date.now();
    const verified = await verify(totpCodeAt(secret, now));
    expect(verified.statusCode, verified.body).toBe(200);
    const { recoveryCodes } = verified.json<{ recoveryCodes: string[] }>();
    expect(recoveryCodes).toHaveLength(10);
    const stored = await app.prisma.recoveryCode.findMany({ where: { userId: row.id } });
    expect(stored).toHaveLength(10);
    expect(stored.map((c) => c.codeHash)).not.toContain(recoveryCodes[0]);
    expectProblem(
      await app.inject({ method: "POST", url: "/v1/auth/mfa/enroll", headers: auth }),
      409,
      "SKP_MFA_ALREADY_ENABLED",
    );
    expect((await me(tokens.accessToken)).json()).toMatchObject({ mfaEnabled: true });

    expectProblem(await login(app, { email, password }), 401, "SKP_MFA_REQUIRED");
    const nextCode = totpCodeAt(secret, now + 30_000);
    expectProblem(
      await login(app, { email, password: `${password}?`, totp: nextCode }),
      401,
      "SKP_INVALID_CREDENTIALS",
    );
    expect((await login(app, { email, password, totp: nextCode })).statusCode).toBe(200);
    // The same code again (replay), and an older step after a newer one was used: both refused.
    expectProblem(await login(app, { email, password, totp: nextCode }), 401, "SKP_MFA_INVALID");
    expectProblem(
      await login(app, { email, password, totp: totpCodeAt(secret, now) }),
      401,
      "SKP_MFA_INVALID",
    );

    const [firstCode, secondCode] = recoveryCodes;
    expect((await login(app, { email, password, recoveryCode: firstCode })).statusCode).toBe(200);
    expectProblem(await login(app, { email, password, recoveryCode: firstCode }), 401, "SKP_MFA_INVALID");
    const retyped = secondCode!.toUpperCase().replaceAll("-", " ");
    expect((await login(app, { email, password, recoveryCode: retyped })).statusCode).toBe(200);
    expectProblem(
      await login(app, { email, password, recoveryCode: "nope-nope-nope-nope" }),
      401,
      "SKP_MFA_INVALID",
    );
  });

  it("refuses verification before enrolment, and needs a signed-in user", async () => {
    const email = uniqueEmail();
    await register(app, email);
    const { tokens } = await signedIn(email);
    const verify = await app.inject({
      method: "POST",
      url: "/v1/auth/mfa/verify",
      headers: { authorization: `Bearer ${tokens.accessToken}` },
      payload: { code: "123456" },
    });
    expectProblem(verify, 409, "SKP_MFA_NOT_ENROLLED");
    expectProblem(
      await app.inject({ method: "POST", url: "/v1/auth/mfa/enroll" }),
      401,
      "SKP_UNAUTHENTICATED",
    );
  });
});

describe("lockout and the login rate limit", () => {
  let strict: FastifyInstance;
  let limited: FastifyInstance;
  beforeAll(async () => {
    strict = await buildTestApp({ ...roomy, LOGIN_LOCKOUT_THRESHOLD: "3", LOGIN_LOCKOUT_SECONDS: "2" });
    limited = await buildTestApp({
      RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
      RATE_LIMIT_LOGIN_PER_MINUTE: "2",
    });
  });
  afterAll(async () => {
    await strict?.close();
    await limited?.close();
  });

  it("locks the account at the threshold (423 with Retry-After) and unlocks after the period", async () => {
    const email = uniqueEmail();
    await register(strict, email);
    const wrong = { email, password: "not the password at all" };
    expectProblem(await login(strict, wrong), 401, "SKP_INVALID_CREDENTIALS");
    expectProblem(await login(strict, wrong), 401, "SKP_INVALID_CREDENTIALS");
    const locking = await login(strict, wrong);
    expectProblem(locking, 423, "SKP_ACCOUNT_LOCKED");
    expect(locking.headers["retry-after"]).toBe("2");
    expect(locking.json<{ retryAfter: number }>().retryAfter).toBe(2);

    // Even the right password is refused while locked.
    const whileLocked = await login(strict, { email, password });
    expectProblem(whileLocked, 423, "SKP_ACCOUNT_LOCKED");
    expect(Number(whileLocked.headers["retry-after"])).toBeGreaterThan(0);
    const locked = await strict.prisma.user.findUniqueOrThrow({ where: { email } });
    expect(locked.failedLoginCount).toBe(3);
    expect(locked.lockedUntil!.getTime()).toBeGreaterThan(Date.now());

    await sleep(locked.lockedUntil!.getTime() - Date.now() + 100);
    expect((await login(strict, { email, password })).statusCode).toBe(200);
    const unlocked = await strict.prisma.user.findUniqueOrThrow({ where: { email } });
    expect([unlocked.failedLoginCount, unlocked.lockedUntil]).toEqual([0, null]);
  });

  it("resets the count on success, so failures must be consecutive to lock", async () => {
    const email = uniqueEmail();
    await register(strict, email);
    const wrong = { email, password: "not the password at all" };
    await login(strict, wrong);
    await login(strict, wrong);
    expect((await login(strict, { email, password })).statusCode).toBe(200);
    expectProblem(await login(strict, wrong), 401, "SKP_INVALID_CREDENTIALS");
    expect((await strict.prisma.user.findUniqueOrThrow({ where: { email } })).failedLoginCount).toBe(1);
  });

  it("limits sign-in attempts per IP and email, with 429 and Retry-After", async () => {
    const email = uniqueEmail();
    const attempt = { email, password };
    expectProblem(await login(limited, attempt), 401, "SKP_INVALID_CREDENTIALS");
    expectProblem(await login(limited, attempt), 401, "SKP_INVALID_CREDENTIALS");
    const throttled = await login(limited, { ...attempt, email: email.toUpperCase() });
    expectProblem(throttled, 429, "SKP_RATE_LIMITED");
    expect(Number(throttled.headers["retry-after"])).toBeGreaterThan(0);
    // Another account from the same address, and the same account from another address, are unaffected.
    expectProblem(await login(limited, { email: uniqueEmail(), password }), 401, "SKP_INVALID_CREDENTIALS");
    const elsewhere = await limited.inject({
      method: "POST",
      url: "/v1/auth/login",
      payload: attempt,
      remoteAddress: "10.1.2.3",
    });
    expectProblem(elsewhere, 401, "SKP_INVALID_CREDENTIALS");
  });
});

describe("documentation", () => {
  it("lists every account route in OpenAPI", async () => {
    const spec = (await app.inject({ url: "/docs/openapi.json" })).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(spec.paths)).toEqual(
      expect.arrayContaining([
        "/v1/auth/register",
        "/v1/auth/login",
        "/v1/auth/refresh",
        "/v1/auth/logout",
        "/v1/auth/mfa/enroll",
        "/v1/auth/mfa/verify",
        "/v1/me",
        "/.well-known/jwks.json",
      ]),
    );
  });
});
