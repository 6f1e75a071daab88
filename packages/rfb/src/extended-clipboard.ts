// The extended clipboard (pseudo-encoding 0xc0a1e5ce) reuses ClientCutText with a negative length; its payload
// starts with a U32 of flags: action bits in the top byte, format bits in the low 16.
import { rfbClose, rfbCloseCodes, type RfbClose } from "./close-codes.js";

export type ExtendedClipboardAction = "caps" | "request" | "peek" | "notify" | "provide";

export const extendedClipboardActions: Readonly<Record<ExtendedClipboardAction, number>> = {
  caps: 1 << 24,
  request: 1 << 25,
  peek: 1 << 26,
  notify: 1 << 27,
  provide: 1 << 28,
};

const actionMask = 0xff000000;
const formatMask = 0xffff;
const flagBytes = 4;

function formatCount(flags: number): number {
  let count = 0;
  for (let bit = 0; bit < 16; bit++) if (flags & formatMask & (1 << bit)) count++;
  return count;
}

function malformed(reason: string): RfbClose {
  return rfbClose(rfbCloseCodes.malformed, reason);
}

// TigerVNC reads exactly the flags (and, for caps, one U32 size per format) and leaves any further bytes of the
// message in its input, where they would be parsed as the next message. So apart from provide (whose zlib data
// the server drains whole) every action must be exactly as long as its fields.
function expectExactLength(
  action: ExtendedClipboardAction,
  actual: number,
  expected: number,
): RfbClose | null {
  if (actual === expected) return null;
  return malformed(`Extended clipboard ${action} of ${actual} bytes must be exactly ${expected}`);
}

/** Classifies an extended-clipboard payload (the bytes after ClientCutText's 8-byte header). */
export function classifyExtendedClipboard(payload: Buffer): ExtendedClipboardAction | RfbClose {
  if (payload.length < flagBytes) return malformed("Extended clipboard message shorter than its flags");
  const flags = payload.readUInt32BE(0);
  const actions = (flags & actionMask) >>> 0;
  // Caps lists the other actions the client supports in the same byte, so it wins over them as in the server.
  if (actions & extendedClipboardActions.caps) {
    return expectExactLength("caps", payload.length, flagBytes + 4 * formatCount(flags)) ?? "caps";
  }
  const action = (Object.keys(extendedClipboardActions) as ExtendedClipboardAction[]).find(
    (name) => extendedClipboardActions[name] === actions,
  );
  if (action === undefined) {
    return malformed(`Extended clipboard flags 0x${flags.toString(16)} name no single action`);
  }
  if (action === "provide") return action;
  return expectExactLength(action, payload.length, flagBytes) ?? action;
}
