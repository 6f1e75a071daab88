// Shared by the filter's unit and property tests: sample messages and an independent reading of the lengths.
import { deflateSync } from "node:zlib";
import type { ClientMessageFilter, FilterOutcome } from "./client-filter.js";
import type { ClientMessageName } from "./client-messages.js";
import { rfbClientMessages as m } from "./client-encoder.js";
import { extendedClipboardActions as actions } from "./extended-clipboard.js";
import { desktopSizePaddingGuard } from "./client-policy.js";

/** Extended clipboard provide data: zlib of a U32 length and the NUL-terminated UTF-8 text, as noVNC sends it. */
export function providedText(text: string): Buffer {
  const utf8 = Buffer.from(`${text}\0`, "utf8");
  const body = Buffer.alloc(4 + utf8.length);
  body.writeUInt32BE(utf8.length, 0);
  utf8.copy(body, 4);
  return deflateSync(body);
}

const screen = { id: 1, x: 0, y: 0, width: 800, height: 600, flags: 0 };
const whole = { x: 0, y: 0, width: 1024, height: 768 };

export type Sample = {
  label: string;
  name: ClientMessageName;
  bytes: Buffer;
  /** What reaches the desktop when it passes, if not bytes. */
  forwarded?: Buffer;
  /** What passes, per desktop mode with the clipboard toward the desktop allowed / refused. */
  interactive: "forward" | "input" | "drop";
  interactiveNoClipboard: "forward" | "input" | "drop";
  watch: "forward" | "drop";
};

const always = { interactive: "forward", interactiveNoClipboard: "forward", watch: "forward" } as const;
const inputOnly = { interactive: "input", interactiveNoClipboard: "input", watch: "drop" } as const;
const resize = { interactive: "forward", interactiveNoClipboard: "forward", watch: "drop" } as const;
const clipboardIn = { interactive: "input", interactiveNoClipboard: "drop", watch: "drop" } as const;

/** SetDesktopSize as the filter forwards it: its padding byte set to a type TigerVNC refuses. */
export function guardedPadding(message: Buffer): Buffer {
  const out = Buffer.from(message);
  out.writeUInt8(desktopSizePaddingGuard, 1);
  return out;
}

/** One of every message the filter knows, in each variant whose treatment differs. */
export const samples: Sample[] = [
  { label: "SetPixelFormat", name: "SetPixelFormat", bytes: m.setPixelFormat(), ...always },
  {
    label: "SetEncodings",
    name: "SetEncodings",
    bytes: m.setEncodings([7, 1, 0, -223, -308, -312]),
    ...always,
  },
  { label: "SetEncodings empty", name: "SetEncodings", bytes: m.setEncodings([]), ...always },
  {
    label: "FramebufferUpdateRequest",
    name: "FramebufferUpdateRequest",
    bytes: m.framebufferUpdateRequest(true, whole),
    ...always,
  },
  { label: "KeyEvent", name: "KeyEvent", bytes: m.keyEvent(true, 0x61), ...inputOnly },
  { label: "PointerEvent", name: "PointerEvent", bytes: m.pointerEvent(1, 10, 20), ...inputOnly },
  { label: "ClientCutText", name: "ClientCutText", bytes: m.clientCutText("paste me"), ...clipboardIn },
  { label: "ClientCutText empty", name: "ClientCutText", bytes: m.clientCutText(""), ...clipboardIn },
  {
    label: "extended caps",
    name: "ClientCutText",
    // noVNC's caps: every action, the text format with a size.
    bytes: m.extendedClientCutText(0x1f000001, Buffer.from([0, 0, 0, 0])),
    ...always,
  },
  {
    label: "extended request",
    name: "ClientCutText",
    bytes: m.extendedClientCutText(actions.request | 1),
    interactive: "forward",
    interactiveNoClipboard: "forward",
    watch: "drop",
  },
  {
    label: "extended peek",
    name: "ClientCutText",
    bytes: m.extendedClientCutText(actions.peek),
    interactive: "forward",
    interactiveNoClipboard: "forward",
    watch: "drop",
  },
  {
    label: "extended notify",
    name: "ClientCutText",
    bytes: m.extendedClientCutText(actions.notify | 1),
    ...clipboardIn,
  },
  {
    label: "extended provide",
    name: "ClientCutText",
    bytes: m.extendedClientCutText(actions.provide | 1, providedText("pasted")),
    ...clipboardIn,
  },
  {
    label: "EnableContinuousUpdates",
    name: "EnableContinuousUpdates",
    bytes: m.enableContinuousUpdates(true, whole),
    ...always,
  },
  {
    label: "ClientFence",
    name: "ClientFence",
    bytes: m.clientFence(0x80000003, Buffer.from("fence")),
    ...always,
  },
  { label: "ClientFence 64", name: "ClientFence", bytes: m.clientFence(1, Buffer.alloc(64, 7)), ...always },
  {
    label: "SetDesktopSize",
    name: "SetDesktopSize",
    bytes: m.setDesktopSize(800, 600, [screen]),
    forwarded: guardedPadding(m.setDesktopSize(800, 600, [screen])),
    ...resize,
  },
  {
    label: "SetDesktopSize 0 screens",
    name: "SetDesktopSize",
    bytes: m.setDesktopSize(800, 600, []),
    forwarded: guardedPadding(m.setDesktopSize(800, 600, [])),
    ...resize,
  },
  { label: "QemuKeyEvent", name: "QemuKeyEvent", bytes: m.qemuKeyEvent(true, 0x61, 38), ...inputOnly },
];

/** Message lengths as RFC 6143 and rfbproto state them, written apart from the library's own table. */
export function referenceLength(stream: Buffer, at: number): number | undefined {
  const fixed: Record<number, number> = { 0: 20, 3: 10, 4: 8, 5: 6, 150: 10, 255: 12 };
  const type = stream[at] ?? -1;
  if (fixed[type] !== undefined) return fixed[type];
  if (type === 2) return 4 + 4 * stream.readUInt16BE(at + 2);
  if (type === 248) return 9 + (stream[at + 8] ?? 0);
  if (type === 251) return 8 + 16 * (stream[at + 6] ?? 0);
  if (type !== 6) return undefined;
  const declared = stream.readUInt32BE(at + 4);
  return 8 + (declared >= 2 ** 31 ? 2 ** 32 - declared : declared);
}

/** Splits a stream into whole messages; throws if it ends inside one or holds a type RFB does not define. */
export function splitMessages(stream: Buffer): Buffer[] {
  const out: Buffer[] = [];
  let at = 0;
  while (at < stream.length) {
    const length = referenceLength(stream, at);
    if (length === undefined || at + length > stream.length) throw new Error(`Partial message at ${at}`);
    out.push(stream.subarray(at, at + length));
    at += length;
  }
  return out;
}

export type Fed = {
  forward: Buffer;
  dropped: Partial<Record<ClientMessageName, number>>;
  input: boolean;
  outcomes: FilterOutcome[];
};

/** Feeds chunks in order and sums what came out. */
export function feed(filter: ClientMessageFilter, chunks: Buffer[]): Fed {
  const outcomes = chunks.map((chunk) => filter.push(chunk));
  const dropped: Partial<Record<ClientMessageName, number>> = {};
  for (const outcome of outcomes) {
    for (const [name, count] of Object.entries(outcome.dropped) as [ClientMessageName, number][]) {
      dropped[name] = (dropped[name] ?? 0) + count;
    }
  }
  return {
    forward: Buffer.concat(outcomes.map((o) => o.forward)),
    dropped,
    input: outcomes.some((o) => o.input),
    outcomes,
  };
}

export function bytewise(bytes: Buffer): Buffer[] {
  return [...bytes].map((byte) => Buffer.from([byte]));
}
