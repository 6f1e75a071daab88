// What happens to one whole, framed client message: DESIGN.md's table of what passes in each desktop mode.
import { rfbClose, rfbCloseCodes, type RfbClose } from "./close-codes.js";
import { extendedCutTextFlag, type ClientMessageName } from "./client-messages.js";
import { classifyExtendedClipboard, type ExtendedClipboardAction } from "./extended-clipboard.js";

export type DesktopMode = "interactive" | "watch";

export type ClientPolicy = { mode: DesktopMode; clipboardToDesktop: boolean };

export type Verdict =
  | { action: "forward"; bytes: Buffer; input: boolean }
  | { action: "drop" }
  | { action: "close"; close: RfbClose };

/** ExtendedMouseButtons: once negotiated, PointerEvent may grow to 7 bytes; we never let the server see it. */
export const extendedMouseButtonsEncoding = -316;

const forward = (bytes: Buffer, input = false): Verdict => ({ action: "forward", bytes, input });
const drop: Verdict = { action: "drop" };

function withoutExtendedMouseButtons(message: Buffer): Buffer {
  const count = message.readUInt16BE(2);
  const kept: number[] = [];
  for (let i = 0; i < count; i++) {
    const encoding = message.readInt32BE(4 + 4 * i);
    if (encoding !== extendedMouseButtonsEncoding) kept.push(encoding);
  }
  if (kept.length === count) return message;
  const out = Buffer.alloc(4 + 4 * kept.length);
  message.copy(out, 0, 0, 2);
  out.writeUInt16BE(kept.length, 2);
  kept.forEach((encoding, i) => out.writeInt32BE(encoding, 4 + 4 * i));
  return out;
}

/** A message type no RFB registry assigns, so TigerVNC (and the filter) refuse it: see guardedDesktopSize. */
export const desktopSizePaddingGuard = 200;

// TigerVNC 1.12 (and later) returns "done" from SetDesktopSize when fewer than 7 bytes follow the type byte in its
// input, consuming only that byte, and reads the rest as new messages: had the TCP stream been split there, the
// owner could smuggle a message past the filter. The byte after the type is padding that a correct read skips;
// set to a type TigerVNC does not know, such a misread ends the connection instead of running anything.
function guardedDesktopSize(message: Buffer): Buffer {
  const out = Buffer.from(message);
  out.writeUInt8(desktopSizePaddingGuard, 1);
  return out;
}

// TigerVNC ends the connection on a pixel format it cannot serve; closing first gives the browser a clear reason.
function checkPixelFormat(message: Buffer): Verdict {
  const bitsPerPixel = message.readUInt8(4);
  const depth = message.readUInt8(5);
  if (![8, 16, 32].includes(bitsPerPixel) || depth === 0 || depth > bitsPerPixel) {
    const reason = `SetPixelFormat with ${bitsPerPixel} bits per pixel and depth ${depth} is not valid`;
    return { action: "close", close: rfbClose(rfbCloseCodes.malformed, reason) };
  }
  return forward(message);
}

/** Extended actions that carry clipboard content (or announce it) toward the desktop. */
const towardDesktop: ReadonlySet<ExtendedClipboardAction> = new Set(["notify", "provide"]);

function extendedCutText(message: Buffer, policy: ClientPolicy): Verdict {
  const action = classifyExtendedClipboard(message.subarray(8));
  if (typeof action !== "string") return { action: "close", close: action };
  // Caps only negotiates formats; without it the server would not speak the extended clipboard at all.
  if (action === "caps") return forward(message);
  if (policy.mode === "watch") return drop;
  if (!towardDesktop.has(action)) return forward(message);
  return policy.clipboardToDesktop ? forward(message, true) : drop;
}

function cutText(message: Buffer, policy: ClientPolicy): Verdict {
  if (message.readUInt32BE(4) & extendedCutTextFlag) return extendedCutText(message, policy);
  const allowed = policy.mode === "interactive" && policy.clipboardToDesktop;
  return allowed ? forward(message, true) : drop;
}

function inputOnlyWhenInteractive(message: Buffer, policy: ClientPolicy, input: boolean): Verdict {
  return policy.mode === "interactive" ? forward(message, input) : drop;
}

/** The verdict on one whole message of the given type. */
export function judgeClientMessage(name: ClientMessageName, message: Buffer, policy: ClientPolicy): Verdict {
  switch (name) {
    case "SetPixelFormat":
      return checkPixelFormat(message);
    case "SetEncodings":
      return forward(withoutExtendedMouseButtons(message));
    case "ClientCutText":
      return cutText(message, policy);
    case "KeyEvent":
    case "PointerEvent":
    case "QemuKeyEvent":
      return inputOnlyWhenInteractive(message, policy, true);
    case "SetDesktopSize":
      return inputOnlyWhenInteractive(guardedDesktopSize(message), policy, false);
    default:
      return forward(message);
  }
}
