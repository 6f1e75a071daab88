import { SignJWT, decodeJwt, decodeProtectedHeader, exportPKCS8, generateKeyPair, importJWK } from "jose";
import { jwtVerify } from "jose";
import { generateKeyPairSync } from "node:crypto";
import { describe, expect, it } from "vitest";
import { SkpError } from "../errors/index.js";
import { AccessTokens } from "./access-tokens.js";

const settings = { issuer: "https://issuer.test", audience: "skillpod-api", ttlSeconds: 900 };
const subject = { userId: "6f1c8f7e-0000-4000-8000-000000000001", email: "a@b.test", roles: ["client"] };

async function rejection(promise: Promise<unknown>): Promise<SkpError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SkpError);
  return error as SkpError;
}

describe("AccessTokens", () => {
  it("issues EdDSA at+jwt tokens with the registered claims, and verifies them", async () => {
    const tokens = await AccessTokens.create(settings);
    const now = Date.now();
    const { accessToken, expiresIn } = await tokens.issue(subject, now);
    expect(expiresIn).toBe(900);
    expect(decodeProtectedHeader(accessToken)).toEqual({ alg: "EdDSA", typ: "at+jwt", kid: tokens.kid });
    const claims = decodeJwt(accessToken);
    const iat = Math.floor(now / 1000);
    expect(claims).toMatchObject({
      iss: settings.issuer,
      aud: settings.audience,
      sub: subject.userId,
      email: subject.email,
      roles: ["client"],
      iat,
      nbf: iat,
      exp: iat + 900,
    });
    expect(claims.jti).toMatch(/^[0-9a-f-]{36}$/);
    await expect(tokens.verify(accessToken)).resolves.toMatchObject({
      userId: subject.userId,
      email: subject.email,
      roles: ["client"],
    });
  });

  it("names the sign-in it was issued to (sid) when given, and answers it on verify", async () => {
    const tokens = await AccessTokens.create(settings);
    const signInId = "0b5b3a52-0000-4000-8000-000000000002";
    const named = await tokens.issue({ ...subject, signInId });
    expect(decodeJwt(named.accessToken).sid).toBe(signInId);
    await expect(tokens.verify(named.accessToken)).resolves.toMatchObject({ signInId });
    const unnamed = await tokens.issue(subject);
    expect(decodeJwt(unnamed.accessToken)).not.toHaveProperty("sid");
    expect(await tokens.verify(unnamed.accessToken)).not.toHaveProperty("signInId");
  });

  it("never puts an unknown role into a token or a principal", async () => {
    const tokens = await AccessTokens.create(settings);
    const { accessToken } = await tokens.issue({ ...subject, roles: ["client", "root"] });
    expect(decodeJwt(accessToken).roles).toEqual(["client"]);
  });

  it("publishes a JWKS whose key (named by its thumbprint) verifies the tokens", async () => {
    const tokens = await AccessTokens.create(settings);
    const [jwk] = tokens.jwks().keys;
    expect(jwk).toMatchObject({ kty: "OKP", crv: "Ed25519", alg: "EdDSA", use: "sig", kid: tokens.kid });
    expect(jwk).not.toHaveProperty("d");
    const { accessToken } = await tokens.issue(subject);
    const key = await importJWK(jwk!, "EdDSA");
    await expect(jwtVerify(accessToken, key, { algorithms: ["EdDSA"] })).resolves.toBeDefined();
  });

  it("uses JWT_PRIVATE_KEY when given (same key, same kid) and refuses a non-Ed25519 key", async () => {
    const { privateKey } = await generateKeyPair("EdDSA", { extractable: true });
    const pem = await exportPKCS8(privateKey);
    const a = await AccessTokens.create(settings, pem);
    const b = await AccessTokens.create(settings, pem);
    expect(a.kid).toBe(b.kid);
    await expect(b.verify((await a.issue(subject)).accessToken)).resolves.toBeDefined();
    const rsa = generateKeyPairSync("rsa", { modulusLength: 2048 }).privateKey.export({
      type: "pkcs8",
      format: "pem",
    });
    await expect(AccessTokens.create(settings, String(rsa))).rejects.toThrow(/Ed25519/);
  });

  it("refuses tokens of another key, another issuer/audience/typ, alg none, and expired ones", async () => {
    const tokens = await AccessTokens.create(settings);
    const other = await AccessTokens.create(settings);
    const wrongAudience = await AccessTokens.create({ ...settings, audience: "elsewhere" });
    const wrongIssuer = await AccessTokens.create({ ...settings, issuer: "https://evil.test" });
    const expired = await tokens.issue(subject, Date.now() - 910_000);
    const header = Buffer.from(JSON.stringify({ alg: "none", typ: "at+jwt" })).toString("base64url");
    const body = Buffer.from(JSON.stringify(decodeJwt((await tokens.issue(subject)).accessToken))).toString(
      "base64url",
    );
    for (const token of [
      (await other.issue(subject)).accessToken,
      (await wrongAudience.issue(subject)).accessToken,
      (await wrongIssuer.issue(subject)).accessToken,
      `${header}.${body}.`,
      "not-a-jwt",
    ]) {
      expect((await rejection(tokens.verify(token))).code).toBe("SKP_UNAUTHENTICATED");
    }
    const error = await rejection(tokens.verify(expired.accessToken));
    expect([error.status, error.message]).toEqual([401, "The access token has expired"]);
  });

  it("refuses a correctly signed token with the wrong typ or without the claims it must carry", async () => {
    const { privateKey } = await generateKeyPair("EdDSA", { extractable: true });
    const tokens = await AccessTokens.create(settings, await exportPKCS8(privateKey));
    const sign = (typ: string, claims: Record<string, unknown>): Promise<string> =>
      new SignJWT(claims)
        .setProtectedHeader({ alg: "EdDSA", typ, kid: tokens.kid })
        .setIssuer(settings.issuer)
        .setAudience(settings.audience)
        .setIssuedAt()
        .setNotBefore("0s")
        .setExpirationTime("5m")
        .sign(privateKey);
    const complete = { sub: subject.userId, email: subject.email, roles: [], jti: "x" };
    await expect(tokens.verify(await sign("at+jwt", complete))).resolves.toBeDefined();
    await rejection(tokens.verify(await sign("JWT", complete)));
    await rejection(tokens.verify(await sign("at+jwt", { ...complete, jti: undefined })));
    await rejection(tokens.verify(await sign("at+jwt", { ...complete, roles: "admin" })));
    await rejection(tokens.verify(await sign("at+jwt", { ...complete, email: undefined })));
  });

  it("refuses a token valid only in the future (nbf), beyond the clock tolerance", async () => {
    const tokens = await AccessTokens.create(settings);
    const future = await tokens.issue(subject, Date.now() + 60_000);
    await rejection(tokens.verify(future.accessToken));
    const slightlyAhead = await tokens.issue(subject, Date.now() + 2_000);
    await expect(tokens.verify(slightlyAhead.accessToken)).resolves.toBeDefined();
  });

  describe("answering a token verified before from memory", () => {
    const tamper = (token: string): string => {
      const last = token.at(-2) === "A" ? "B" : "A";
      return `${token.slice(0, -2)}${last}${token.slice(-1)}`;
    };

    it("answers the same subject again, as a copy the caller cannot spoil", async () => {
      const tokens = await AccessTokens.create(settings);
      const { accessToken } = await tokens.issue(subject);
      const first = await tokens.verify(accessToken);
      first.roles.push("admin");
      await expect(tokens.verify(accessToken)).resolves.toEqual({ ...first, roles: ["client"] });
    });

    it("refuses it from the instant a full verification would (exp plus the clock tolerance)", async () => {
      const tokens = await AccessTokens.create(settings);
      const now = Date.now();
      const { accessToken } = await tokens.issue(subject, now);
      const exp = Math.floor(now / 1000) + settings.ttlSeconds;
      await expect(tokens.verify(accessToken, now)).resolves.toBeDefined();
      // jose refuses once exp <= now - 5 s: the last accepted millisecond, then the first refused one.
      await expect(tokens.verify(accessToken, (exp + 5) * 1000 - 1)).resolves.toBeDefined();
      const error = await rejection(tokens.verify(accessToken, (exp + 5) * 1000));
      expect([error.status, error.message]).toEqual([401, "The access token has expired"]);
    });

    it("verifies a token differing by one byte in full, and refuses it", async () => {
      const tokens = await AccessTokens.create(settings);
      const { accessToken } = await tokens.issue(subject);
      await tokens.verify(accessToken);
      expect((await rejection(tokens.verify(tamper(accessToken)))).code).toBe("SKP_UNAUTHENTICATED");
    });

    it("verifies afresh when the clock went back before the token's nbf", async () => {
      const tokens = await AccessTokens.create(settings);
      const now = Date.now();
      const { accessToken } = await tokens.issue(subject, now);
      await tokens.verify(accessToken, now);
      await rejection(tokens.verify(accessToken, now - 60_000));
    });

    it("never remembers a refusal: a token refused before its nbf is accepted once it is valid", async () => {
      const tokens = await AccessTokens.create(settings);
      const now = Date.now();
      const { accessToken } = await tokens.issue(subject, now + 60_000);
      await rejection(tokens.verify(accessToken, now));
      await expect(tokens.verify(accessToken, now + 60_000)).resolves.toBeDefined();
    });

    it("is per key: another deployment's verifier still refuses the token", async () => {
      const tokens = await AccessTokens.create(settings);
      const other = await AccessTokens.create(settings);
      const { accessToken } = await tokens.issue(subject);
      await tokens.verify(accessToken);
      await rejection(other.verify(accessToken));
    });
  });
});
