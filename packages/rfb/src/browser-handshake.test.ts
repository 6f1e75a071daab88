import { describe, expect, it } from "vitest";
import { BrowserHandshake, type BrowserHandshakeStep } from "./browser-handshake.js";
import { rfbCloseCodes } from "./close-codes.js";

const v38 = Buffer.from("RFB 003.008\n", "latin1");
const v37 = Buffer.from("RFB 003.007\n", "latin1");
const v33 = Buffer.from("RFB 003.003\n", "latin1");
const hex = (b: Buffer): string => b.toString("hex");

function pushAll(
  handshake: BrowserHandshake,
  chunks: Buffer[],
): { reply: Buffer; last: BrowserHandshakeStep } {
  const steps = chunks.map((chunk) => handshake.push(chunk));
  return { reply: Buffer.concat(steps.map((s) => s.reply)), last: steps.at(-1)! };
}

describe("BrowserHandshake", () => {
  it("greets with RFB 3.8", () => {
    expect(new BrowserHandshake().greeting().toString("latin1")).toBe("RFB 003.008\n");
  });

  it("walks RFB 3.8 step by step: security None only, SecurityResult ok, then ClientInit", () => {
    const handshake = new BrowserHandshake();
    expect(hex(handshake.push(v38).reply)).toBe("0101");
    expect(hex(handshake.push(Buffer.from([1])).reply)).toBe("00000000");
    expect(handshake.done).toBe(false);
    const init = handshake.push(Buffer.from([1]));
    expect(init).toEqual({ reply: Buffer.alloc(0), clientInit: { shared: true, rest: Buffer.alloc(0) } });
    expect(handshake.done).toBe(true);
  });

  it("handles the whole handshake and the first messages in one chunk", () => {
    const first = Buffer.from([3, 0, 0, 0, 0, 0, 4, 0, 3, 0]);
    const step = new BrowserHandshake().push(Buffer.concat([v38, Buffer.from([1, 0]), first]));
    expect(hex(step.reply)).toBe("010100000000");
    expect(step.clientInit).toEqual({ shared: false, rest: first });
    expect(step.close).toBeUndefined();
  });

  it("gives the same replies fed byte by byte", () => {
    const all = Buffer.concat([v38, Buffer.from([1, 1, 9, 9])]);
    const { reply, last } = pushAll(
      new BrowserHandshake(),
      [...all.subarray(0, 14)].map((b) => Buffer.from([b])),
    );
    expect(hex(reply)).toBe("010100000000");
    expect(last.clientInit).toEqual({ shared: true, rest: Buffer.alloc(0) });
  });

  it("speaks 3.7 (no SecurityResult after None) and 3.3 (server-chosen type)", () => {
    const h37 = pushAll(new BrowserHandshake(), [v37, Buffer.from([1]), Buffer.from([1])]);
    expect(hex(h37.reply)).toBe("0101");
    expect(h37.last.clientInit?.shared).toBe(true);
    const h33 = pushAll(new BrowserHandshake(), [v33, Buffer.from([0])]);
    expect(hex(h33.reply)).toBe("00000001");
    expect(h33.last.clientInit?.shared).toBe(false);
  });

  it.each(["RFB 003.005\n", "RFB 003.889\n", "RFB 004.000\n", "GET / HTTP/1.1\r\n"])(
    "closes on version %j",
    (version) => {
      const step = new BrowserHandshake().push(Buffer.from(version, "latin1"));
      expect(step.close?.code).toBe(rfbCloseCodes.handshake);
      expect(step.close?.reason).toContain("not supported");
      expect(step.reply.length).toBe(0);
    },
  );

  it("refuses any security type but None, telling a 3.8 client why", () => {
    const handshake = new BrowserHandshake();
    handshake.push(v38);
    const step = handshake.push(Buffer.from([2]));
    expect(step.close?.code).toBe(rfbCloseCodes.handshake);
    expect(step.reply.readUInt32BE(0)).toBe(1);
    const reason = step.reply.subarray(8).toString("utf8");
    expect(step.reply.readUInt32BE(4)).toBe(reason.length);
    expect(reason).toContain("Security type 2");
    const h37 = new BrowserHandshake();
    h37.push(v37);
    expect(h37.push(Buffer.from([2])).reply.length).toBe(0);
  });

  it("closes when pushed to after ClientInit or after failing", () => {
    const done = new BrowserHandshake();
    done.push(Buffer.concat([v38, Buffer.from([1, 1])]));
    expect(done.push(Buffer.from([0])).close?.code).toBe(rfbCloseCodes.handshake);
    const failed = new BrowserHandshake();
    failed.push(Buffer.from("RFB 009.009\n"));
    expect(failed.push(Buffer.from([1])).close?.code).toBe(rfbCloseCodes.handshake);
  });
});
