import { describe, expect, it } from "vitest";
import { desEncryptEcb } from "./des.js";

const hex = (s: string): Buffer => Buffer.from(s, "hex");

// Known answers: FIPS 46-3 worked example and NIST vectors, each also produced by
// `openssl enc -des-ecb -provider legacy -nopad -K <key>` (OpenSSL's legacy provider, not available to Node).
const vectors: [key: string, plain: string, cipher: string][] = [
  ["133457799bbcdff1", "0123456789abcdef", "85e813540f0ab405"],
  ["133457799bbcdff1", "4e6f772069732074", "aaea30f286270f21"],
  ["0000000000000000", "0000000000000000", "8ca64de9c1b123a7"],
  ["0123456789abcdef", "4e6f772069732074", "3fa40e8a984d4815"],
  ["ffffffffffffffff", "ffffffffffffffff", "7359b2163e4edc58"],
  ["fedcba9876543210", "0123456789abcdef", "ed39d950fa74bcc4"],
  ["fedcba9876543210", "0000000000000000", "a68cdca90c9021f9"],
  ["ffffffffffffffff", "0123456789abcdef", "6dce0dc9006556a3"],
];

describe("desEncryptEcb", () => {
  it.each(vectors)("encrypts %s / %s to the known answer", (key, plain, cipher) => {
    expect(desEncryptEcb(hex(key), hex(plain)).toString("hex")).toBe(cipher);
  });

  it("encrypts each 8-byte block on its own (ECB)", () => {
    const key = hex("133457799bbcdff1");
    const out = desEncryptEcb(key, hex("0123456789abcdef4e6f7720697320740123456789abcdef"));
    expect(out.toString("hex")).toBe("85e813540f0ab405aaea30f286270f2185e813540f0ab405");
  });

  it("ignores the key's parity bits, as DES does", () => {
    const plain = hex("0123456789abcdef");
    expect(desEncryptEcb(hex("123456789abcdef0"), plain)).toEqual(
      desEncryptEcb(hex("133457799bbcdff1"), plain),
    );
  });

  it("refuses keys that are not 8 bytes and data that is not whole blocks", () => {
    expect(() => desEncryptEcb(hex("00"), hex("0000000000000000"))).toThrow(RangeError);
    expect(() => desEncryptEcb(hex("0000000000000000"), hex("00"))).toThrow(RangeError);
  });
});
