// Reads the desktop's server→client messages for the encodings the tests announce (Raw plus pseudo-encodings),
// so a test can tell exactly which FramebufferUpdates the server sent.
import type { Socket } from "node:net";

export type UpdateRect = { x: number; y: number; width: number; height: number; encoding: number };

export type ServerMessage =
  | { type: "update"; rects: UpdateRect[] }
  | { type: "bell" }
  | { type: "cutText"; length: number }
  | { type: "endOfContinuousUpdates" }
  | { type: "fence"; flags: number; payload: Buffer };

const bytesPerPixel = 4;
const encodingRaw = 0;
const fenceRequest = 0x80000000;
// BlockBefore, BlockAfter, SyncNext: the flags a fence response may carry.
const fenceFlagsSupported = 0x7;
const encodingDesktopSize = -223;
const encodingExtendedDesktopSize = -308;
const encodingQemuKeyEvent = -258;

/** Parses one message at the head of data, or returns undefined when it is not all there yet. */
function parse(data: Buffer): { message: ServerMessage; length: number } | undefined {
  if (data.length < 1) return undefined;
  switch (data[0]) {
    case 0:
      return parseUpdate(data);
    case 2:
      return { message: { type: "bell" }, length: 1 };
    case 3: {
      if (data.length < 8) return undefined;
      const declared = data.readInt32BE(4);
      const length = 8 + Math.abs(declared);
      return data.length < length ? undefined : { message: { type: "cutText", length: declared }, length };
    }
    case 150:
      return { message: { type: "endOfContinuousUpdates" }, length: 1 };
    case 248: {
      if (data.length < 9) return undefined;
      const length = 9 + (data[8] ?? 0);
      if (data.length < length) return undefined;
      const payload = Buffer.from(data.subarray(9, length));
      return { message: { type: "fence", flags: data.readUInt32BE(4), payload }, length };
    }
    default:
      throw new Error(`Unexpected server message type ${data[0]}`);
  }
}

function rectPayload(data: Buffer, at: number, rect: UpdateRect): number | undefined {
  switch (rect.encoding) {
    case encodingRaw:
      return rect.width * rect.height * bytesPerPixel;
    case encodingDesktopSize:
    case encodingQemuKeyEvent:
      return 0;
    case encodingExtendedDesktopSize:
      return data.length < at + 1 ? undefined : 4 + 16 * (data[at] ?? 0);
    default:
      throw new Error(`Unexpected rect encoding ${rect.encoding}`);
  }
}

function parseUpdate(data: Buffer): { message: ServerMessage; length: number } | undefined {
  if (data.length < 4) return undefined;
  const count = data.readUInt16BE(2);
  const rects: UpdateRect[] = [];
  let at = 4;
  for (let i = 0; i < count; i++) {
    if (data.length < at + 12) return undefined;
    const rect = {
      x: data.readUInt16BE(at),
      y: data.readUInt16BE(at + 2),
      width: data.readUInt16BE(at + 4),
      height: data.readUInt16BE(at + 6),
      encoding: data.readInt32BE(at + 8),
    };
    const payload = rectPayload(data, at + 12, rect);
    if (payload === undefined || data.length < at + 12 + payload) return undefined;
    rects.push(rect);
    at += 12 + payload;
  }
  return { message: { type: "update", rects }, length: at };
}

/** Collects and parses what the desktop sends on a socket (which must be past ServerInit). */
export class ServerMessageReader {
  private data: Buffer = Buffer.alloc(0);
  private readonly messages: ServerMessage[] = [];
  private closed = false;
  private wake: (() => void) | undefined;

  /** onFenceRequest answers the server's fence requests as noVNC does: TigerVNC holds back updates until the
   * client answers the fences it uses to measure congestion. */
  constructor(
    socket: Socket,
    leftover: Buffer,
    private readonly onFenceRequest: (flags: number, payload: Buffer) => void,
  ) {
    this.data = leftover;
    socket.on("data", (chunk: Buffer) => {
      this.data = Buffer.concat([this.data, chunk]);
      this.drain();
    });
    socket.on("close", () => {
      this.closed = true;
      this.wake?.();
    });
    socket.on("error", () => undefined);
    socket.resume();
    this.drain();
  }

  /** How many messages have arrived so far: a starting point for waitFor. */
  get count(): number {
    return this.messages.length;
  }

  /** Waits for a message matching the predicate among those that arrived since index `from`. */
  async waitFor(
    predicate: (message: ServerMessage) => boolean,
    what: string,
    from = 0,
    ms = 5000,
  ): Promise<ServerMessage> {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = this.messages.slice(from).find(predicate);
      if (found) return found;
      if (this.closed) throw new Error(`Desktop closed the connection while waiting for ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        this.wake = resolve;
        setTimeout(resolve, left);
      });
    }
  }

  private drain(): void {
    for (let parsed = parse(this.data); parsed; parsed = parse(this.data)) {
      this.messages.push(parsed.message);
      const message = parsed.message;
      if (message.type === "fence" && message.flags & fenceRequest) {
        this.onFenceRequest((message.flags & fenceFlagsSupported) >>> 0, message.payload);
      }
      this.data = this.data.subarray(parsed.length);
    }
    this.wake?.();
  }
}
