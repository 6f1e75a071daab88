// Property test of the filter over random streams: well-formed messages of every type mixed with junk,
// truncated headers and absurd lengths, cut into random chunks.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ClientMessageFilter, type ClientMessageFilterOptions } from "./client-filter.js";
import { rfbClientMessages as m, rgb888 } from "./client-encoder.js";
import { feed, splitMessages } from "./client-filter.test-support.js";
import { extendedMouseButtonsEncoding } from "./client-policy.js";

const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const bytes = (maxLength: number): fc.Arbitrary<Buffer> =>
  fc.uint8Array({ maxLength }).map((a) => Buffer.from(a));
const rect = fc.record({ x: u16, y: u16, width: u16, height: u16 });
const clipboardFlags = fc.oneof(
  u32,
  fc.constantFrom(1, 2, 4, 8, 16).map((action) => ((action << 24) | 1) >>> 0),
);

const message: fc.Arbitrary<Buffer> = fc.oneof(
  fc
    .record({ bitsPerPixel: fc.constantFrom(8, 16, 24, 32), depth: fc.nat(40) })
    .map((f) => m.setPixelFormat({ ...rgb888, ...f })),
  fc
    .array(fc.oneof(fc.integer({ min: -400, max: 20 }), fc.constant(extendedMouseButtonsEncoding)), {
      maxLength: 6,
    })
    .map(m.setEncodings),
  fc.tuple(fc.boolean(), rect).map(([inc, r]) => m.framebufferUpdateRequest(inc, r)),
  fc.tuple(fc.boolean(), u32).map(([down, key]) => m.keyEvent(down, key)),
  fc.tuple(fc.nat(255), u16, u16).map(([mask, x, y]) => m.pointerEvent(mask, x, y)),
  fc.string({ maxLength: 12 }).map(m.clientCutText),
  fc.tuple(clipboardFlags, bytes(12)).map(([flags, data]) => m.extendedClientCutText(flags, data)),
  fc.tuple(fc.boolean(), rect).map(([on, r]) => m.enableContinuousUpdates(on, r)),
  fc.tuple(u32, bytes(70)).map(([flags, payload]) => m.clientFence(flags, payload)),
  fc
    .array(fc.record({ id: u32, x: u16, y: u16, width: u16, height: u16, flags: u32 }), { maxLength: 2 })
    .map((s) => m.setDesktopSize(800, 600, s)),
  fc.tuple(fc.boolean(), u32, u32).map(([down, sym, code]) => m.qemuKeyEvent(down, sym, code)),
  // A cut-text header claiming any length at all, and junk of every kind.
  u32.map((declared) =>
    Buffer.from([
      6,
      0,
      0,
      0,
      declared >>> 24,
      (declared >>> 16) & 255,
      (declared >>> 8) & 255,
      declared & 255,
    ]),
  ),
  bytes(10),
);

const stream = fc.array(message, { maxLength: 6 }).map((parts) => Buffer.concat(parts));
const options: fc.Arbitrary<ClientMessageFilterOptions> = fc.record({
  mode: fc.constantFrom("interactive" as const, "watch" as const),
  clipboardToDesktop: fc.boolean(),
  maxMessageBytes: fc.constantFrom(undefined, 16, 64, 300),
});

function chunked(data: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (data.length + 1)))].sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let from = 0;
  for (const point of [...points, data.length]) {
    chunks.push(data.subarray(from, point));
    from = point;
  }
  return chunks;
}

const watchForbidden = new Set([4, 5, 251, 255]);

function checkWatchStream(messages: Buffer[]): void {
  for (const forwarded of messages) {
    expect(watchForbidden.has(forwarded[0] ?? -1)).toBe(false);
    // Only caps (high bit of the length set, caps action bit in the flags) may pass as cut text.
    if (forwarded[0] === 6)
      expect((forwarded.readUInt32BE(8) & 0x01000000) !== 0 && forwarded[4]! >= 0x80).toBe(true);
  }
}

function checkDesktopSizes(messages: Buffer[]): void {
  for (const forwarded of messages.filter((f) => f[0] === 251)) expect(forwarded[1]).toBe(200);
}

function checkEncodings(messages: Buffer[]): void {
  for (const forwarded of messages.filter((f) => f[0] === 2)) {
    for (let at = 4; at < forwarded.length; at += 4)
      expect(forwarded.readInt32BE(at)).not.toBe(extendedMouseButtonsEncoding);
  }
}

describe("ClientMessageFilter on random input", () => {
  it("never throws, forwards only whole messages, forwards nothing once closed, and ignores chunking", () => {
    fc.assert(
      fc.property(options, stream, fc.array(fc.nat(), { maxLength: 8 }), (opts, data, cuts) => {
        const chunks = chunked(data, cuts);
        const fed = feed(new ClientMessageFilter(opts), chunks);
        let closedAt = -1;
        fed.outcomes.forEach((outcome, i) => {
          splitMessages(outcome.forward);
          if (closedAt >= 0) expect(outcome.forward.length).toBe(0);
          if (closedAt >= 0) expect(outcome.close).toEqual(fed.outcomes[closedAt]?.close);
          if (outcome.close && closedAt < 0) closedAt = i;
        });
        const messages = splitMessages(fed.forward);
        if (opts.mode === "watch") checkWatchStream(messages);
        checkEncodings(messages);
        checkDesktopSizes(messages);
        const whole = feed(new ClientMessageFilter(opts), [data]);
        expect(fed.forward).toEqual(whole.forward);
        expect(fed.dropped).toEqual(whole.dropped);
        expect(fed.outcomes.at(-1)?.close).toEqual(whole.outcomes[0]?.close);
      }),
      { numRuns: 100_000 },
    );
  }, 300_000);
});
