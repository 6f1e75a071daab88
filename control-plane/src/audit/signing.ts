import { canonicalJson } from "@skillpod/audit-format";
import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  sign,
  verify,
  type KeyObject,
} from "node:crypto";

export type Ed25519PublicJwk = {
  kty: "OKP";
  crv: "Ed25519";
  x: string;
  kid: string;
  alg: "EdDSA";
  use: "sig";
};

/** The fields a checkpoint signature covers, in their stored form. */
export type CheckpointClaims = {
  upToEventId: bigint;
  lastHash: string;
  archivedCount: number;
  keyId: string;
  createdAt: Date;
};

/** Signs and checks audit checkpoints with one Ed25519 key (AUDIT_SIGNING_KEY). */
export type AuditSigner = {
  readonly keyId: string;
  /** True when no key was configured and this process made its own: its signatures die with it. */
  readonly ephemeral: boolean;
  readonly publicJwk: Ed25519PublicJwk;
  sign(claims: CheckpointClaims): string;
  verify(claims: CheckpointClaims, signature: string): boolean;
};

/** The signed text: canonical JSON of the claims, the event id as a decimal string (JSON has no bigint). */
export function checkpointPayload(claims: CheckpointClaims): Buffer {
  return Buffer.from(
    canonicalJson({
      upToEventId: claims.upToEventId.toString(),
      lastHash: claims.lastHash,
      archivedCount: claims.archivedCount,
      keyId: claims.keyId,
      createdAt: claims.createdAt.toISOString(),
    }),
    "utf8",
  );
}

/** RFC 7638 thumbprint: the key id is derived from the key itself, so it cannot name a different key. */
function thumbprint(x: string): string {
  return createHash("sha256")
    .update(canonicalJson({ crv: "Ed25519", kty: "OKP", x }))
    .digest("base64url");
}

function privateKeyOf(pem: string | undefined): { key: KeyObject; ephemeral: boolean } {
  if (pem === undefined || pem.trim() === "")
    return { key: generateKeyPairSync("ed25519").privateKey, ephemeral: true };
  const key = createPrivateKey({ key: pem, format: "pem" });
  if (key.asymmetricKeyType !== "ed25519")
    throw new Error(`AUDIT_SIGNING_KEY must be an Ed25519 PKCS#8 key, not ${String(key.asymmetricKeyType)}`);
  return { key, ephemeral: false };
}

/** Loads AUDIT_SIGNING_KEY (PKCS#8 PEM), or generates a key for this process when it is unset. */
export function createAuditSigner(pem: string | undefined): AuditSigner {
  const { key: privateKey, ephemeral } = privateKeyOf(pem);
  const publicKey = createPublicKey(privateKey);
  const x = String(publicKey.export({ format: "jwk" }).x);
  const keyId = thumbprint(x);
  const publicJwk: Ed25519PublicJwk = { kty: "OKP", crv: "Ed25519", x, kid: keyId, alg: "EdDSA", use: "sig" };
  return {
    keyId,
    ephemeral,
    publicJwk,
    sign: (claims) => sign(null, checkpointPayload(claims), privateKey).toString("base64url"),
    verify: (claims, signature) =>
      claims.keyId === keyId &&
      verify(null, checkpointPayload(claims), publicKey, Buffer.from(signature, "base64url")),
  };
}
