// Exact framing of RFB client→server messages (RFC 6143 and the community rfbproto extensions TigerVNC reads).
// If this disagreed with the server on any length, bytes we think are inside one message would be read by the
// server as another: a watcher could smuggle input. So every length here matches TigerVNC's SMsgReader, and a
// type we do not know is never guessed at.
import type { ByteQueue } from "./byte-queue.js";
import { rfbClose, rfbCloseCodes, type RfbClose } from "./close-codes.js";

export type ClientMessageName =
  | "SetPixelFormat"
  | "SetEncodings"
  | "FramebufferUpdateRequest"
  | "KeyEvent"
  | "PointerEvent"
  | "ClientCutText"
  | "EnableContinuousUpdates"
  | "ClientFence"
  | "SetDesktopSize"
  | "QemuKeyEvent";

export const clientMessageTypes: Readonly<Record<ClientMessageName, number>> = {
  SetPixelFormat: 0,
  SetEncodings: 2,
  FramebufferUpdateRequest: 3,
  KeyEvent: 4,
  PointerEvent: 5,
  ClientCutText: 6,
  EnableContinuousUpdates: 150,
  ClientFence: 248,
  SetDesktopSize: 251,
  QemuKeyEvent: 255,
};

/** Types known to exist that we refuse, named so the close reason tells an operator what the client tried. */
const refusedTypeNames: Readonly<Record<number, string>> = { 250: "xvp", 253: "gii" };

export const maxFencePayloadBytes = 64;
export const extendedCutTextFlag = 0x80000000;
const qemuExtendedKeyEventSubtype = 0;

/** How many bytes the header must hold before the message's length is known, and how to compute it. */
type Framing = { header: number; length: (header: Buffer) => number | RfbClose };

const fixed = (length: number): Framing => ({ header: 1, length: () => length });

function cutTextLength(header: Buffer): number {
  const declared = header.readUInt32BE(4);
  // Extended clipboard sends -length as a signed 32-bit number; 2^32 - declared is its absolute value.
  const payload = declared & extendedCutTextFlag ? 0x1_0000_0000 - declared : declared;
  return 8 + payload;
}

function fenceLength(header: Buffer): number | RfbClose {
  const payload = header.readUInt8(8);
  if (payload > maxFencePayloadBytes) {
    return rfbClose(
      rfbCloseCodes.malformed,
      `ClientFence payload of ${payload} bytes exceeds ${maxFencePayloadBytes}`,
    );
  }
  return 9 + payload;
}

function qemuLength(header: Buffer): number | RfbClose {
  const subtype = header.readUInt8(1);
  if (subtype !== qemuExtendedKeyEventSubtype) {
    return rfbClose(rfbCloseCodes.malformed, `QEMU client message subtype ${subtype} is not supported`);
  }
  return 12;
}

const framings: ReadonlyMap<number, { name: ClientMessageName; framing: Framing }> = new Map([
  [0, { name: "SetPixelFormat", framing: fixed(20) }],
  [2, { name: "SetEncodings", framing: { header: 4, length: (h: Buffer) => 4 + 4 * h.readUInt16BE(2) } }],
  [3, { name: "FramebufferUpdateRequest", framing: fixed(10) }],
  [4, { name: "KeyEvent", framing: fixed(8) }],
  // 6 bytes: the filter strips ExtendedMouseButtons (-316) from SetEncodings, so the 7-byte form never applies.
  [5, { name: "PointerEvent", framing: fixed(6) }],
  [6, { name: "ClientCutText", framing: { header: 8, length: cutTextLength } }],
  [150, { name: "EnableContinuousUpdates", framing: fixed(10) }],
  [248, { name: "ClientFence", framing: { header: 9, length: fenceLength } }],
  [251, { name: "SetDesktopSize", framing: { header: 8, length: (h: Buffer) => 8 + 16 * h.readUInt8(6) } }],
  [255, { name: "QemuKeyEvent", framing: { header: 2, length: qemuLength } }],
] as const);

export type MeasuredMessage =
  | { kind: "incomplete" }
  | { kind: "complete"; name: ClientMessageName; length: number }
  | { kind: "invalid"; close: RfbClose };

function unknownType(type: number): MeasuredMessage {
  const known = refusedTypeNames[type];
  const reason = known
    ? `RFB message type ${type} (${known}) is not allowed`
    : `Unknown RFB client message type ${type}`;
  return { kind: "invalid", close: rfbClose(rfbCloseCodes.unknownMessage, reason) };
}

/** Frames the message at the head of the queue without consuming it. The claimed length is checked against
 * maxMessageBytes before anything waits for (or allocates) that many bytes. */
export function measureClientMessage(queue: ByteQueue, maxMessageBytes: number): MeasuredMessage {
  const type = queue.byteAt(0);
  if (type === undefined) return { kind: "incomplete" };
  const entry = framings.get(type);
  if (entry === undefined) return unknownType(type);
  if (queue.length < entry.framing.header) return { kind: "incomplete" };
  const length = entry.framing.length(queue.peek(entry.framing.header));
  if (typeof length !== "number") return { kind: "invalid", close: length };
  if (length > maxMessageBytes) {
    const reason = `${entry.name} of ${length} bytes exceeds the ${maxMessageBytes}-byte limit`;
    return { kind: "invalid", close: rfbClose(rfbCloseCodes.tooLarge, reason) };
  }
  if (queue.length < length) return { kind: "incomplete" };
  return { kind: "complete", name: entry.name, length };
}
