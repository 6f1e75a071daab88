import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const ivLength = 12;
const tagLength = 16;

/**
 * Encrypts a TOTP secret at rest with AES-256-GCM: base64(iv ‖ tag ‖ ciphertext). The user id is the
 * additional authenticated data, so a ciphertext copied onto another user's row does not decrypt.
 */
export function sealMfaSecret(key: Buffer, secret: string, userId: string): string {
  const iv = randomBytes(ivLength);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: tagLength });
  cipher.setAAD(Buffer.from(userId, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString("base64");
}

/** The secret, or an error when the value was tampered with, belongs to another user, or the key differs. */
export function openMfaSecret(key: Buffer, sealed: string, userId: string): string {
  const bytes = Buffer.from(sealed, "base64");
  if (bytes.length <= ivLength + tagLength) throw new Error("The sealed MFA secret is truncated");
  const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(0, ivLength), {
    authTagLength: tagLength,
  });
  decipher.setAuthTag(bytes.subarray(ivLength, ivLength + tagLength));
  decipher.setAAD(Buffer.from(userId, "utf8"));
  return Buffer.concat([decipher.update(bytes.subarray(ivLength + tagLength)), decipher.final()]).toString(
    "utf8",
  );
}
