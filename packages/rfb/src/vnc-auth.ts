import { desEncryptEcb } from "./des.js";

export const vncAuthChallengeBytes = 16;

function reverseBits(byte: number): number {
  let out = 0;
  for (let i = 0; i < 8; i++) out |= ((byte >> i) & 1) << (7 - i);
  return out;
}

/** The DES key VncAuth derives from a password: its UTF-8 bytes truncated or zero-padded to 8, each byte's bits
 * reversed (the original VNC d3des numbered key bits from the other end, and every server kept that quirk). */
export function vncAuthKey(password: string): Buffer {
  const key = Buffer.alloc(8);
  Buffer.from(password, "utf8").copy(key, 0, 0, 8);
  return Buffer.from(key.map(reverseBits));
}

/** VncAuth: the 16-byte challenge DES-encrypted (ECB, two blocks) with the password-derived key. */
export function vncAuthResponse(challenge: Uint8Array, password: string): Buffer {
  if (challenge.length !== vncAuthChallengeBytes) {
    throw new RangeError(`VncAuth challenge must be ${vncAuthChallengeBytes} bytes, got ${challenge.length}`);
  }
  return desEncryptEcb(vncAuthKey(password), challenge);
}
