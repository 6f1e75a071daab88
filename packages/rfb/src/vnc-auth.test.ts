import { describe, expect, it } from "vitest";
import { vncAuthKey, vncAuthResponse } from "./vnc-auth.js";

const counting = Buffer.from(Array.from({ length: 16 }, (_, i) => i));

describe("vncAuthKey", () => {
  it("reverses the bits of each password byte", () => {
    // "password" = 70 61 73 73 77 6f 72 64; reversed per byte as the Qt VNC client's tests document it.
    expect(vncAuthKey("password").toString("hex")).toBe("0e86ceceeef64e26");
  });

  it("zero-pads short passwords and truncates long ones to 8 bytes", () => {
    expect(vncAuthKey("full").toString("hex")).toBe("66ae363600000000");
    expect(vncAuthKey("abcdefghij")).toEqual(vncAuthKey("abcdefgh"));
    expect(vncAuthKey("").toString("hex")).toBe("0000000000000000");
  });
});

describe("vncAuthResponse", () => {
  // Expected values: the bit-reversed key and the challenge through `openssl enc -des-ecb -provider legacy`.
  it.each([
    ["password", "b866924125c8eebb9debc1db61c538e2"],
    ["full", "dc4d03696ed802d06314d84c184919b3"],
    ["view", "b67dcd97bbb3aa8726a11120939f52e8"],
    ["abcdefghij", "eae3a1cb74ca6daac183f66460190bb5"],
    ["", "491e890de9ace932838a49792f2213f3"],
  ])("answers the counting challenge for %j", (password, response) => {
    expect(vncAuthResponse(counting, password).toString("hex")).toBe(response);
  });

  it("matches what TigerVNC's vncpasswd writes (the same DES with its fixed obfuscation key)", () => {
    // `printf 'full\nview\n' | vncpasswd -f` encrypts each password, zero-padded to 8 bytes, with the fixed key
    // 23 82 107 6 35 78 88 7 through VNC's d3des: exactly VncAuth with that key as the "password".
    const fixedKey = String.fromCharCode(23, 82, 107, 6, 35, 78, 88, 7);
    const passwords = Buffer.from("full\0\0\0\0view\0\0\0\0", "latin1");
    expect(vncAuthResponse(passwords, fixedKey).toString("hex")).toBe("06220ba5b927ab498bf749adc043135f");
  });

  it("refuses a challenge that is not 16 bytes", () => {
    expect(() => vncAuthResponse(Buffer.alloc(8), "full")).toThrow(RangeError);
  });
});
