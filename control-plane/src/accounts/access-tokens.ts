import { SignJWT, calculateJwkThumbprint, createLocalJWKSet, errors, jwtVerify, type JWK } from "jose";
import {
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomUUID,
  type KeyObject,
} from "node:crypto";
import { roles as knownRoles, type Role } from "../access.js";
import type { SkpError } from "../errors/index.js";
import { accessTokenInvalid } from "./account-errors.js";

export const accessTokenType = "at+jwt";
const algorithm = "EdDSA";
// Seconds of clock skew between this replica and the one that signed.
const clockTolerance = 5;
// Tokens remembered as verified; one per signed-in client that called within a token's life is plenty.
const verifiedCapacity = 10_000;

export type AccessTokenSettings = { issuer: string; audience: string; ttlSeconds: number };
/** `signInId`: the sign-in (refresh-token family) the token was issued to, its `sid` claim. */
export type AccessTokenSubject = {
  userId: string;
  email: string;
  roles: readonly string[];
  signInId?: string;
};
export type IssuedAccessToken = { accessToken: string; expiresIn: number };
export type VerifiedAccessToken = {
  userId: string;
  email: string;
  roles: Role[];
  jti: string;
  /** Absent from tokens issued before sign-ins were named in them. */
  signInId?: string;
};
/** An Ed25519 public key as a JWK (RFC 8037), named by its RFC 7638 thumbprint. */
export type PublicJwk = { kty: "OKP"; crv: "Ed25519"; x: string; kid: string; alg: string; use: "sig" };

type SigningKey = { privateKey: KeyObject; publicJwk: PublicJwk };

function importSigningKey(pem: string | undefined): KeyObject {
  if (pem === undefined || pem.trim() === "") return generateKeyPairSync("ed25519").privateKey;
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== "ed25519") throw new Error("JWT_PRIVATE_KEY must be an Ed25519 PKCS#8 PEM");
  return key;
}

async function signingKeyFrom(pem: string | undefined): Promise<SigningKey> {
  const privateKey = importSigningKey(pem);
  const { x } = createPublicKey(privateKey).export({ format: "jwk" }) as JWK;
  if (!x) throw new Error("The Ed25519 public key did not export as a JWK");
  const jwk = { kty: "OKP", crv: "Ed25519", x } as const;
  const publicJwk: PublicJwk = {
    ...jwk,
    kid: await calculateJwkThumbprint(jwk, "sha256"),
    alg: algorithm,
    use: "sig",
  };
  return { privateKey, publicJwk };
}

function rolesOf(claim: unknown): Role[] | undefined {
  if (!Array.isArray(claim)) return undefined;
  return knownRoles.filter((role) => claim.includes(role));
}

/**
 * Tokens that passed a full verification, by their exact text, each until the first instant a full
 * verification would refuse it (exp or the maximum age, with the clock tolerance). Verification of the same
 * bytes under the same key and settings is deterministic and access tokens are never revoked before exp (a
 * sign-out revokes the refresh token; roles and deletion are checked where the user is read), so a hit gives
 * exactly the answer a full verification would, without the Ed25519 verify that dominates a cheap request.
 * A token that differs in a single byte is a different key and is fully verified. Bounded: the oldest entry
 * goes first. If keys are ever rotated within a process, clear this when a key is withdrawn.
 */
class VerifiedTokens {
  readonly #entries = new Map<string, { verified: VerifiedAccessToken; from: number; until: number }>();

  get(token: string, now: number): VerifiedAccessToken | undefined {
    const entry = this.#entries.get(token);
    if (!entry) return undefined;
    // A clock that went backwards could put the token before its nbf again: verify it afresh.
    if (now >= entry.from && now < entry.until)
      return { ...entry.verified, roles: [...entry.verified.roles] };
    this.#entries.delete(token);
    return undefined;
  }

  set(token: string, verified: VerifiedAccessToken, from: number, until: number): void {
    if (this.#entries.size >= verifiedCapacity) {
      const oldest = this.#entries.keys().next();
      if (!oldest.done) this.#entries.delete(oldest.value);
    }
    this.#entries.set(token, { verified, from, until });
  }
}

/** jose refuses a token once `exp <= now - tolerance` or `now - iat - tolerance > maxTokenAge` (whole seconds). */
function refusedFrom(exp: number, iat: number, maxTokenAge: number): number {
  return Math.min(exp + clockTolerance, iat + maxTokenAge + clockTolerance + 1) * 1000;
}

function failureOf(error: unknown): SkpError {
  if (error instanceof errors.JWTExpired) return accessTokenInvalid("The access token has expired");
  return accessTokenInvalid();
}

/**
 * Short-lived user access tokens: EdDSA (Ed25519) JWTs with typ at+jwt (RFC 9068). One signing key per
 * deployment (JWT_PRIVATE_KEY) or per process when unset; verification goes through the same JWKS that
 * `GET /.well-known/jwks.json` publishes, so a token names its key by kid.
 */
export class AccessTokens {
  readonly #key: SigningKey;
  readonly #settings: AccessTokenSettings;
  readonly #keySet: ReturnType<typeof createLocalJWKSet>;
  readonly #verified = new VerifiedTokens();

  private constructor(key: SigningKey, settings: AccessTokenSettings) {
    this.#key = key;
    this.#settings = settings;
    this.#keySet = createLocalJWKSet(this.jwks());
  }

  static async create(settings: AccessTokenSettings, privateKeyPem?: string): Promise<AccessTokens> {
    return new AccessTokens(await signingKeyFrom(privateKeyPem), settings);
  }

  get kid(): string {
    return this.#key.publicJwk.kid;
  }

  jwks(): { keys: PublicJwk[] } {
    return { keys: [{ ...this.#key.publicJwk }] };
  }

  async issue(subject: AccessTokenSubject, now: number = Date.now()): Promise<IssuedAccessToken> {
    const issuedAt = Math.floor(now / 1000);
    const { issuer, audience, ttlSeconds } = this.#settings;
    const claims = {
      email: subject.email,
      roles: rolesOf(subject.roles) ?? [],
      ...(subject.signInId === undefined ? {} : { sid: subject.signInId }),
    };
    const accessToken = await new SignJWT(claims)
      .setProtectedHeader({ alg: algorithm, typ: accessTokenType, kid: this.kid })
      .setIssuer(issuer)
      .setAudience(audience)
      .setSubject(subject.userId)
      .setIssuedAt(issuedAt)
      .setNotBefore(issuedAt)
      .setExpirationTime(issuedAt + ttlSeconds)
      .setJti(randomUUID())
      .sign(this.#key.privateKey);
    return { accessToken, expiresIn: ttlSeconds };
  }

  /**
   * The token's subject, or a 401 SkpError for anything else (bad signature, alg, typ, iss, aud, times).
   * `now` (ms) is for tests; a token verified before is answered from the cache of verified tokens.
   */
  async verify(token: string, now: number = Date.now()): Promise<VerifiedAccessToken> {
    const known = this.#verified.get(token, now);
    if (known) return known;
    const { issuer, audience, ttlSeconds } = this.#settings;
    const maxTokenAge = ttlSeconds + clockTolerance;
    const { payload } = await jwtVerify(token, this.#keySet, {
      algorithms: [algorithm],
      issuer,
      audience,
      typ: accessTokenType,
      clockTolerance,
      currentDate: new Date(now),
      // A token claiming a longer life than we ever issue was not minted by this configuration.
      maxTokenAge,
      requiredClaims: ["sub", "iat", "nbf", "exp", "jti"],
    }).catch((error: unknown) => {
      throw failureOf(error);
    });
    const roles = rolesOf(payload.roles);
    if (typeof payload.sub !== "string" || typeof payload.email !== "string" || !roles)
      throw accessTokenInvalid();
    const verified: VerifiedAccessToken = {
      userId: payload.sub,
      email: payload.email,
      roles,
      jti: String(payload.jti),
      ...(typeof payload.sid === "string" ? { signInId: payload.sid } : {}),
    };
    // exp and iat are required numeric dates: jose has checked both.
    this.#verified.set(
      token,
      verified,
      now,
      refusedFrom(Number(payload.exp), Number(payload.iat), maxTokenAge),
    );
    return { ...verified, roles: [...roles] };
  }
}
