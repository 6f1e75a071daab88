import { describe, expect, it } from "vitest";
import { ClientMessageFilter, type ClientMessageFilterOptions } from "./client-filter.js";
import { rfbClientMessages as m, rgb888 } from "./client-encoder.js";
import { rfbCloseCodes } from "./close-codes.js";
import { extendedClipboardActions as actions } from "./extended-clipboard.js";
import { bytewise, feed, samples, splitMessages, type Sample } from "./client-filter.test-support.js";

const interactive: ClientMessageFilterOptions = { mode: "interactive", clipboardToDesktop: true };
const interactiveNoClipboard: ClientMessageFilterOptions = { mode: "interactive", clipboardToDesktop: false };
const watch: ClientMessageFilterOptions = { mode: "watch", clipboardToDesktop: true };
const policies = { interactive, interactiveNoClipboard, watch } as const;
type PolicyName = keyof typeof policies;

function expectedForward(sample: Sample, policy: PolicyName): Buffer {
  return sample[policy] === "drop" ? Buffer.alloc(0) : (sample.forwarded ?? sample.bytes);
}

describe("ClientMessageFilter: each message in each desktop mode", () => {
  for (const policy of Object.keys(policies) as PolicyName[]) {
    it.each(samples)(`${policy}: $label`, (sample) => {
      const outcome = new ClientMessageFilter(policies[policy]).push(sample.bytes);
      expect(outcome.close).toBeUndefined();
      expect(outcome.forward).toEqual(expectedForward(sample, policy));
      expect(outcome.input).toBe(sample[policy] === "input");
      expect(outcome.dropped).toEqual(sample[policy] === "drop" ? { [sample.name]: 1 } : {});
    });
  }
});

describe("ClientMessageFilter: framing across chunk boundaries", () => {
  it.each(samples)("$label: every split point gives the whole-message result, nothing early", (sample) => {
    for (const policy of Object.keys(policies) as PolicyName[]) {
      for (let split = 1; split < sample.bytes.length; split++) {
        const filter = new ClientMessageFilter(policies[policy]);
        const first = filter.push(sample.bytes.subarray(0, split));
        expect(first.forward.length, `split ${split}`).toBe(0);
        expect(first.dropped).toEqual({});
        expect(filter.push(sample.bytes.subarray(split)).forward).toEqual(expectedForward(sample, policy));
      }
    }
  });

  it.each(samples)("$label: byte-by-byte feeding equals whole feeding", (sample) => {
    for (const policy of Object.keys(policies) as PolicyName[]) {
      const fed = feed(new ClientMessageFilter(policies[policy]), bytewise(sample.bytes));
      const whole = feed(new ClientMessageFilter(policies[policy]), [sample.bytes]);
      expect(fed.forward).toEqual(whole.forward);
      expect(fed.dropped).toEqual(whole.dropped);
      expect(fed.input).toBe(whole.input);
      expect(fed.outcomes.slice(0, -1).every((o) => o.forward.length === 0)).toBe(true);
    }
  });

  it("handles every sample coalesced into one chunk, and in odd-sized chunks", () => {
    const stream = Buffer.concat(samples.map((s) => s.bytes));
    for (const policy of Object.keys(policies) as PolicyName[]) {
      const expected = Buffer.concat(samples.map((s) => expectedForward(s, policy)));
      expect(new ClientMessageFilter(policies[policy]).push(stream).forward).toEqual(expected);
      const chunks: Buffer[] = [];
      for (let at = 0; at < stream.length; at += 7) chunks.push(stream.subarray(at, at + 7));
      const fed = feed(new ClientMessageFilter(policies[policy]), chunks);
      expect(fed.forward).toEqual(expected);
      for (const outcome of fed.outcomes) expect(() => splitMessages(outcome.forward)).not.toThrow();
    }
  });

  it("counts several drops of one type in one push", () => {
    const keys = Buffer.concat([m.keyEvent(true, 0x61), m.keyEvent(false, 0x61), m.pointerEvent(0, 1, 1)]);
    const outcome = new ClientMessageFilter(watch).push(keys);
    expect(outcome.dropped).toEqual({ KeyEvent: 2, PointerEvent: 1 });
    expect(outcome.forward.length).toBe(0);
    expect(outcome.input).toBe(false);
  });

  it("reports input only for real input, not update requests or fences", () => {
    const filter = new ClientMessageFilter(interactive);
    const housekeeping = Buffer.concat([
      m.framebufferUpdateRequest(true, { x: 0, y: 0, width: 10, height: 10 }),
      m.clientFence(1),
      m.setEncodings([0]),
    ]);
    expect(filter.push(housekeeping).input).toBe(false);
    expect(filter.push(m.pointerEvent(0, 5, 5)).input).toBe(true);
  });
});

describe("ClientMessageFilter: ExtendedMouseButtons is stripped from SetEncodings in both modes", () => {
  for (const policy of ["interactive", "watch"] as const) {
    it(`${policy}: removes every -316 and rewrites the count`, () => {
      const outcome = new ClientMessageFilter(policies[policy]).push(
        m.setEncodings([7, -316, 0, -316, -223]),
      );
      expect(outcome.forward).toEqual(m.setEncodings([7, 0, -223]));
    });
  }

  it("leaves an empty list when -316 was the only encoding, and other lists untouched", () => {
    const filter = new ClientMessageFilter(interactive);
    expect(filter.push(m.setEncodings([-316])).forward).toEqual(m.setEncodings([]));
    expect(filter.push(m.setEncodings([-315, -317, 316])).forward).toEqual(m.setEncodings([-315, -317, 316]));
  });

  it("strips it when the message arrives byte by byte", () => {
    const fed = feed(new ClientMessageFilter(watch), bytewise(m.setEncodings([-316, 5, -316])));
    expect(fed.forward).toEqual(m.setEncodings([5]));
  });
});

describe("ClientMessageFilter: SetDesktopSize", () => {
  it("forwards it with its padding set to a type TigerVNC refuses, so a split read ends the connection", () => {
    const message = m.setDesktopSize(1024, 768, [{ id: 1, x: 0, y: 0, width: 1024, height: 768, flags: 0 }]);
    message.writeUInt8(6, 1); // a client's padding that, read as a type, would be ClientCutText
    const forwarded = new ClientMessageFilter(interactive).push(message).forward;
    expect(forwarded[1]).toBe(200);
    expect(forwarded.subarray(2)).toEqual(message.subarray(2));
    expect(message[1]).toBe(6);
    const misread = new ClientMessageFilter(interactive).push(forwarded.subarray(1));
    expect(misread.close?.code).toBe(rfbCloseCodes.unknownMessage);
  });
});

describe("ClientMessageFilter: closing", () => {
  it.each([1, 7, 127, 149, 249, 250, 252, 253, 254])("closes on message type %i", (type) => {
    const filter = new ClientMessageFilter(interactive);
    const key = m.keyEvent(true, 0x61);
    const outcome = filter.push(Buffer.concat([key, Buffer.from([type, 0, 0, 0]), key]));
    expect(outcome.forward).toEqual(key);
    expect(outcome.close?.code).toBe(rfbCloseCodes.unknownMessage);
    expect(outcome.close?.reason).toContain(String(type));
    const later = filter.push(key);
    expect(later.forward.length).toBe(0);
    expect(later.close).toEqual(outcome.close);
    expect(filter.pendingBytes).toBe(0);
  });

  it("names xvp and gii in the reason", () => {
    expect(new ClientMessageFilter(watch).push(Buffer.from([250])).close?.reason).toContain("xvp");
    expect(new ClientMessageFilter(watch).push(Buffer.from([253])).close?.reason).toContain("gii");
  });

  it("closes on a fence payload over 64 bytes as soon as its length is known", () => {
    const fence = m.clientFence(1, Buffer.alloc(65));
    const outcome = new ClientMessageFilter(watch).push(fence.subarray(0, 9));
    expect(outcome.close?.code).toBe(rfbCloseCodes.malformed);
  });

  it("closes on a QEMU subtype other than the extended key event", () => {
    const message = m.qemuKeyEvent(true, 0x61, 38);
    message.writeUInt8(1, 1);
    expect(new ClientMessageFilter(watch).push(message.subarray(0, 2)).close?.code).toBe(
      rfbCloseCodes.malformed,
    );
  });

  it("closes on a pixel format no server can serve", () => {
    const format = m.setPixelFormat({ ...rgb888, bitsPerPixel: 24 });
    expect(new ClientMessageFilter(watch).push(format).close?.code).toBe(rfbCloseCodes.malformed);
  });

  it.each([
    ["huge classic length", 0x7fffffff],
    ["negative length -2^31", 0x80000000],
    ["extended length just over the limit", 2 ** 32 - (1024 * 1024 - 7)],
    ["classic length just over the limit", 1024 * 1024 - 7],
  ])("closes on cut text with a %s from its 8-byte header alone", (_label, declared) => {
    const header = Buffer.from([6, 0, 0, 0, 0, 0, 0, 0]);
    header.writeUInt32BE(declared, 4);
    const filter = new ClientMessageFilter(interactive);
    const outcome = filter.push(header);
    expect(outcome.close?.code).toBe(rfbCloseCodes.tooLarge);
    expect(filter.pendingBytes).toBe(0);
  });

  it("accepts cut text of exactly the maximum and honours a smaller maximum", () => {
    const atLimit = m.clientCutText("x".repeat(1024 * 1024 - 8));
    expect(new ClientMessageFilter(interactive).push(atLimit).forward.length).toBe(1024 * 1024);
    const small = new ClientMessageFilter({ ...interactive, maxMessageBytes: 64 });
    expect(small.push(m.clientCutText("x".repeat(57))).close?.code).toBe(rfbCloseCodes.tooLarge);
    expect(
      new ClientMessageFilter({ ...interactive, maxMessageBytes: 64 }).push(m.clientCutText("x".repeat(56)))
        .close,
    ).toBeUndefined();
  });

  it("forwards whole messages that preceded a bad one in the same push, and nothing of a partial one", () => {
    const key = m.keyEvent(true, 0x61);
    const filter = new ClientMessageFilter(interactive);
    expect(filter.push(Buffer.concat([key, key.subarray(0, 3)])).forward).toEqual(key);
    const outcome = filter.push(Buffer.concat([key.subarray(3), Buffer.from([250]), key]));
    expect(outcome.forward).toEqual(key);
    expect(outcome.close?.code).toBe(rfbCloseCodes.unknownMessage);
  });
});

describe("ClientMessageFilter: extended clipboard", () => {
  it.each([
    [
      "caps with a trailing KeyEvent hidden inside",
      m.extendedClientCutText(actions.caps | 1, Buffer.concat([Buffer.alloc(4), m.keyEvent(true, 0x61)])),
    ],
    ["caps missing its format size", m.extendedClientCutText(actions.caps | 3, Buffer.alloc(4))],
    ["notify carrying bytes", m.extendedClientCutText(actions.notify | 1, m.pointerEvent(1, 1, 1))],
    ["request carrying bytes", m.extendedClientCutText(actions.request | 1, Buffer.alloc(2))],
    ["no action", m.extendedClientCutText(1)],
    ["two actions", m.extendedClientCutText(actions.request | actions.notify | 1)],
    ["an unknown action", m.extendedClientCutText(1 << 29)],
  ])("closes on %s (the server would read past it)", (_label, message) => {
    for (const policy of Object.values(policies)) {
      expect(new ClientMessageFilter(policy).push(message).close?.code).toBe(rfbCloseCodes.malformed);
    }
  });

  it("closes on an extended message shorter than its flags", () => {
    const message = Buffer.from([6, 0, 0, 0, 0xff, 0xff, 0xff, 0xfe, 0, 0]);
    expect(new ClientMessageFilter(watch).push(message).close?.code).toBe(rfbCloseCodes.malformed);
  });

  it("passes caps with no formats and with every format size", () => {
    const filter = new ClientMessageFilter(watch);
    expect(filter.push(m.extendedClientCutText(actions.caps)).forward.length).toBe(12);
    const all = m.extendedClientCutText(actions.caps | 0xffff, Buffer.alloc(64));
    expect(filter.push(all).forward).toEqual(all);
  });
});
