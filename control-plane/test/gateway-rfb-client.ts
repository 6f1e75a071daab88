// A raw RFB 3.8 client over a WebSocket (noVNC's framing: RFB bytes in binary messages), for gateway tests:
// it does the browser's side of the handshake (security None), reads server messages, and sends any client
// message, whole, split across frames, or several coalesced in one.
import { WebSocket } from "ws";

export type ServerInit = { width: number; height: number; bitsPerPixel: number; name: string };
export type Closed = { code: number; reason: string };

const u16 = (v: number): Buffer => {
  const b = Buffer.alloc(2);
  b.writeUInt16BE(v);
  return b;
};
const u32 = (v: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v >>> 0);
  return b;
};
const s32 = (v: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeInt32BE(v);
  return b;
};

/** Client→server messages, exactly as RFC 6143 and rfbproto lay them out. */
export const rfbMessages = {
  setPixelFormat32: (): Buffer =>
    Buffer.concat([
      Buffer.from([0, 0, 0, 0]),
      Buffer.from([32, 24, 0, 1]),
      u16(255),
      u16(255),
      u16(255),
      Buffer.from([16, 8, 0, 0, 0, 0]),
    ]),
  setEncodings: (encodings: number[]): Buffer =>
    Buffer.concat([Buffer.from([2, 0]), u16(encodings.length), ...encodings.map(s32)]),
  updateRequest: (incremental: boolean, width: number, height: number): Buffer =>
    Buffer.concat([Buffer.from([3, incremental ? 1 : 0]), u16(0), u16(0), u16(width), u16(height)]),
  key: (down: boolean, keysym: number): Buffer =>
    Buffer.concat([Buffer.from([4, down ? 1 : 0, 0, 0]), u32(keysym)]),
  pointer: (mask: number, x: number, y: number): Buffer =>
    Buffer.concat([Buffer.from([5, mask]), u16(x), u16(y)]),
  cutText: (text: string): Buffer => {
    const bytes = Buffer.from(text, "latin1");
    return Buffer.concat([Buffer.from([6, 0, 0, 0]), u32(bytes.length), bytes]);
  },
  /** A ClientCutText whose length field says `length` (negative, huge) whatever follows. */
  cutTextClaiming: (length: number): Buffer => Buffer.concat([Buffer.from([6, 0, 0, 0]), s32(length)]),
  continuousUpdates: (enable: boolean, width: number, height: number): Buffer =>
    Buffer.concat([Buffer.from([150, enable ? 1 : 0]), u16(0), u16(0), u16(width), u16(height)]),
  fence: (payload: Buffer): Buffer =>
    Buffer.concat([Buffer.from([248, 0, 0, 0]), u32(0), Buffer.from([payload.length]), payload]),
  setDesktopSize: (width: number, height: number): Buffer =>
    Buffer.concat([
      Buffer.from([251, 0]),
      u16(width),
      u16(height),
      Buffer.from([1, 0]),
      u32(0),
      u16(0),
      u16(0),
      u16(width),
      u16(height),
      u32(0),
    ]),
  qemuKey: (down: boolean, keysym: number, keycode: number): Buffer =>
    Buffer.concat([Buffer.from([255, 0]), u16(down ? 1 : 0), u32(keysym), u32(keycode)]),
};

/** Every input message type a watcher could try, one of each. */
export function everyInputMessage(): Buffer[] {
  return [
    rfbMessages.key(true, 0x61),
    rfbMessages.key(false, 0x61),
    rfbMessages.pointer(0, 100, 100),
    rfbMessages.pointer(1, 120, 130),
    rfbMessages.pointer(0, 120, 130),
    rfbMessages.cutText("echo watcher > ~/typed"),
    rfbMessages.setDesktopSize(640, 480),
    rfbMessages.qemuKey(true, 0x61, 30),
    rfbMessages.qemuKey(false, 0x61, 30),
  ];
}

export class RfbClient {
  readonly socket: WebSocket;
  readonly closed: Promise<Closed>;
  #chunks: Buffer[] = [];
  #length = 0;
  #waiter: (() => void) | undefined;

  private constructor(socket: WebSocket) {
    this.socket = socket;
    socket.on("message", (data: Buffer) => {
      this.#chunks.push(data);
      this.#length += data.length;
      this.#waiter?.();
    });
    this.closed = new Promise((resolve) =>
      socket.once("close", (code, reason) => {
        this.#waiter?.();
        resolve({ code, reason: reason.toString() });
      }),
    );
  }

  /** Opens the socket (rejects with the HTTP status on a refused upgrade). */
  static async connect(
    url: string,
    protocols: string[] = ["binary"],
    headers: Record<string, string> = {},
  ): Promise<RfbClient> {
    const socket = new WebSocket(url, protocols, { headers });
    return new Promise((resolve, reject) => {
      socket.once("open", () => resolve(new RfbClient(socket)));
      socket.once("unexpected-response", (_request, response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk.toString()));
        response.on("end", () => reject(new UpgradeRefused(response.statusCode ?? 0, body)));
      });
      socket.once("error", reject);
    });
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  async read(bytes: number, timeoutMs = 10_000): Promise<Buffer> {
    const deadline = Date.now() + timeoutMs;
    while (this.#length < bytes) {
      if (this.socket.readyState >= WebSocket.CLOSING) throw new Error("socket closed while reading");
      if (Date.now() > deadline) throw new Error(`timed out reading ${bytes} bytes (have ${this.#length})`);
      await new Promise<void>((resolve) => {
        this.#waiter = resolve;
        setTimeout(resolve, 200);
      });
    }
    const all = Buffer.concat(this.#chunks);
    this.#chunks = [all.subarray(bytes)];
    this.#length = all.length - bytes;
    return all.subarray(0, bytes);
  }

  send(...messages: Buffer[]): void {
    for (const message of messages) this.socket.send(message);
  }

  /** The browser's handshake: version 3.8, security None, SecurityResult, ClientInit (shared = 0 on purpose). */
  async handshake(shared = false): Promise<ServerInit> {
    const version = (await this.read(12)).toString("latin1");
    if (version !== "RFB 003.008\n") throw new Error(`unexpected version ${version}`);
    this.send(Buffer.from("RFB 003.008\n", "latin1"));
    const count = (await this.read(1)).readUInt8(0);
    const types = [...(await this.read(count))];
    if (!types.includes(1)) throw new Error(`security types ${types.join(",")} lack None`);
    this.send(Buffer.from([1]));
    const result = (await this.read(4)).readUInt32BE(0);
    if (result !== 0) throw new Error(`SecurityResult ${result}`);
    this.send(Buffer.from([shared ? 1 : 0]));
    const fixed = await this.read(24);
    const name = (await this.read(fixed.readUInt32BE(20))).toString("utf8");
    return {
      width: fixed.readUInt16BE(0),
      height: fixed.readUInt16BE(2),
      bitsPerPixel: fixed.readUInt8(4),
      name,
    };
  }

  /**
   * Reads server messages until a whole FramebufferUpdate (Raw rectangles only: ask for no other encoding)
   * and returns its rectangles' total pixel count.
   */
  async readFramebufferUpdate(bytesPerPixel: number, timeoutMs = 10_000): Promise<number> {
    for (;;) {
      const type = (await this.read(1, timeoutMs)).readUInt8(0);
      if (type === 0) return this.#readRectangles(bytesPerPixel, timeoutMs);
      await this.#skipServerMessage(type, timeoutMs);
    }
  }

  async #readRectangles(bytesPerPixel: number, timeoutMs: number): Promise<number> {
    const count = (await this.read(3, timeoutMs)).readUInt16BE(1);
    let pixels = 0;
    for (let i = 0; i < count; i++) {
      const header = await this.read(12, timeoutMs);
      const width = header.readUInt16BE(4);
      const height = header.readUInt16BE(6);
      const encoding = header.readInt32BE(8);
      if (encoding !== 0) throw new Error(`unexpected encoding ${encoding}`);
      await this.read(width * height * bytesPerPixel, timeoutMs);
      pixels += width * height;
    }
    return pixels;
  }

  async #skipServerMessage(type: number, timeoutMs: number): Promise<void> {
    if (type === 2) return; // Bell
    if (type === 3) {
      const length = (await this.read(7, timeoutMs)).readUInt32BE(3);
      await this.read(length, timeoutMs);
      return;
    }
    if (type === 150) return; // EndOfContinuousUpdates
    if (type === 248) {
      const header = await this.read(8, timeoutMs);
      await this.read(header.readUInt8(7), timeoutMs);
      return;
    }
    throw new Error(`unexpected server message type ${type}`);
  }

  close(): void {
    this.socket.close();
  }
}

export class UpgradeRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`upgrade refused with ${status}: ${body}`);
  }
}
