// Single-DES encryption in pure TypeScript: VncAuth needs it and Node 20's OpenSSL 3 refuses des-ecb. Bits are held
// as arrays of 0/1 so the code reads like FIPS 46-3; it encrypts two blocks per desktop session, speed is moot.
import {
  expansion,
  finalPermutation,
  initialPermutation,
  keyShifts,
  permutedChoice1,
  permutedChoice2,
  roundPermutation,
  substitutionBoxes,
} from "./des-tables.js";

type Bits = number[];

function toBits(bytes: Uint8Array): Bits {
  const bits: Bits = [];
  for (const byte of bytes) {
    for (let i = 7; i >= 0; i--) bits.push((byte >> i) & 1);
  }
  return bits;
}

function toBytes(bits: Bits): Buffer {
  const out = Buffer.alloc(bits.length / 8);
  bits.forEach((bit, i) => {
    out[i >> 3] = (out[i >> 3] ?? 0) | (bit << (7 - (i & 7)));
  });
  return out;
}

function permute(bits: Bits, table: readonly number[]): Bits {
  return table.map((position) => bits[position - 1] ?? 0);
}

function rotateLeft(bits: Bits, count: number): Bits {
  return [...bits.slice(count), ...bits.slice(0, count)];
}

function xor(a: Bits, b: Bits): Bits {
  return a.map((bit, i) => bit ^ (b[i] ?? 0));
}

function roundKeys(key: Uint8Array): Bits[] {
  const selected = permute(toBits(key), permutedChoice1);
  let c = selected.slice(0, 28);
  let d = selected.slice(28);
  return keyShifts.map((shift) => {
    c = rotateLeft(c, shift);
    d = rotateLeft(d, shift);
    return permute([...c, ...d], permutedChoice2);
  });
}

function substitute(bits: Bits): Bits {
  const out: Bits = [];
  substitutionBoxes.forEach((box, i) => {
    const six = bits.slice(i * 6, i * 6 + 6);
    const [b1 = 0, b2 = 0, b3 = 0, b4 = 0, b5 = 0, b6 = 0] = six;
    const value = box[((b1 << 1) | b6) * 16 + ((b2 << 3) | (b3 << 2) | (b4 << 1) | b5)] ?? 0;
    for (let shift = 3; shift >= 0; shift--) out.push((value >> shift) & 1);
  });
  return out;
}

function feistel(right: Bits, subkey: Bits): Bits {
  return permute(substitute(xor(permute(right, expansion), subkey)), roundPermutation);
}

function encryptBlock(block: Uint8Array, keys: Bits[]): Buffer {
  const permuted = permute(toBits(block), initialPermutation);
  let left = permuted.slice(0, 32);
  let right = permuted.slice(32);
  for (const subkey of keys) {
    [left, right] = [right, xor(left, feistel(right, subkey))];
  }
  return toBytes(permute([...right, ...left], finalPermutation));
}

/** DES in ECB mode with a standard 8-byte key (parity bits ignored); data must be a multiple of 8 bytes. */
export function desEncryptEcb(key: Uint8Array, data: Uint8Array): Buffer {
  if (key.length !== 8) throw new RangeError(`DES key must be 8 bytes, got ${key.length}`);
  if (data.length % 8 !== 0)
    throw new RangeError(`DES data must be a multiple of 8 bytes, got ${data.length}`);
  const keys = roundKeys(key);
  const blocks: Buffer[] = [];
  for (let offset = 0; offset < data.length; offset += 8) {
    blocks.push(encryptBlock(data.subarray(offset, offset + 8), keys));
  }
  return Buffer.concat(blocks);
}
