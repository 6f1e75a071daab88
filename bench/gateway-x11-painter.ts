// The gateway bench's changing screen: a tiny X11 client (the core protocol over the display's Unix socket)
// that fills a rectangle of the root window with a colour. Written here rather than run as xsetroot or
// xdotool so that the bench knows when each change was made: a child process would add its own start-up
// time, unknown to the millisecond, to every latency sample.
import { connect, type Socket } from "node:net";

export type PaintRect = { x: number; y: number; width: number; height: number };

const opcodes = { createGc: 55, changeGc: 56, polyFillRectangle: 70, getInputFocus: 43 } as const;
const gcForeground = 0x4;
const setupHeaderBytes = 8;
const x11EventBytes = 32;

/** One request: opcode, a data byte, the length in 4-byte units, then 32-bit little-endian words. */
function request(opcode: number, words: number[], tail: Buffer = Buffer.alloc(0)): Buffer {
  const out = Buffer.alloc(4 + 4 * words.length + tail.length);
  out.writeUInt8(opcode, 0);
  out.writeUInt16LE(out.length / 4, 2);
  words.forEach((word, i) => out.writeUInt32LE(word >>> 0, 4 + 4 * i));
  tail.copy(out, 4 + 4 * words.length);
  return out;
}

function rectangle(rect: PaintRect): Buffer {
  const out = Buffer.alloc(8);
  out.writeInt16LE(rect.x, 0);
  out.writeInt16LE(rect.y, 2);
  out.writeUInt16LE(rect.width, 4);
  out.writeUInt16LE(rect.height, 6);
  return out;
}

type Setup = { root: number; idBase: number };

/** The root window of screen 0 and the client's resource-id base, from the connection setup reply. */
function parseSetup(reply: Buffer): Setup {
  if (reply.readUInt8(0) !== 1) {
    const reason = reply.subarray(8, 8 + reply.readUInt8(1)).toString("latin1");
    throw new Error(`the X server refused the connection: ${reason}`);
  }
  const vendorLength = reply.readUInt16LE(24);
  const formats = reply.readUInt8(29);
  const screens = 40 + Math.ceil(vendorLength / 4) * 4 + 8 * formats;
  return { root: reply.readUInt32LE(screens), idBase: reply.readUInt32LE(12) };
}

export class X11Painter {
  readonly #socket: Socket;
  readonly #setup: Setup;
  readonly #gc: number;
  /** GetInputFocus round trips in flight: the server answers requests in order. */
  readonly #syncs: (() => void)[] = [];
  #pending: Buffer = Buffer.alloc(0);

  private constructor(socket: Socket, setup: Setup) {
    this.#socket = socket;
    this.#setup = setup;
    this.#gc = setup.idBase | 1;
    socket.on("data", (chunk: Buffer) => this.#read(chunk));
    socket.write(request(opcodes.createGc, [this.#gc, setup.root, gcForeground, 0]));
  }

  /** Connects to display `:display` the way xdpyinfo does on the same machine (no Xauthority). */
  static async open(display: number): Promise<X11Painter> {
    const socket = connect(`/tmp/.X11-unix/X${display}`);
    socket.setNoDelay(true);
    const setup = await new Promise<Setup>((resolve, reject) => {
      let got = Buffer.alloc(0);
      const onData = (chunk: Buffer): void => {
        got = Buffer.concat([got, chunk]);
        if (got.length < setupHeaderBytes) return;
        const total = setupHeaderBytes + 4 * got.readUInt16LE(6);
        if (got.length < total) return;
        socket.off("data", onData);
        socket.off("error", reject);
        try {
          resolve(parseSetup(got.subarray(0, total)));
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      };
      socket.on("data", onData);
      socket.once("error", reject);
      // Byte order "l" (little-endian), protocol 11.0, no authorization.
      socket.write(Buffer.from([0x6c, 0, 11, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
    });
    return new X11Painter(socket, setup);
  }

  /** Queues a fill of `rect` with 0xRRGGBB (the root's TrueColor visual at depth 24). */
  fill(rect: PaintRect, rgb: number): void {
    this.#socket.write(
      Buffer.concat([
        request(opcodes.changeGc, [this.#gc, gcForeground, rgb]),
        request(opcodes.polyFillRectangle, [this.#setup.root, this.#gc], rectangle(rect)),
      ]),
    );
  }

  /** Resolves once the server has carried out every request sent before it (a GetInputFocus round trip). */
  async sync(): Promise<void> {
    return new Promise((resolve) => {
      this.#syncs.push(resolve);
      this.#socket.write(request(opcodes.getInputFocus, []));
    });
  }

  close(): void {
    this.#socket.destroy();
  }

  #read(chunk: Buffer): void {
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    while (this.#pending.length >= x11EventBytes) {
      const kind = this.#pending.readUInt8(0);
      // A reply (1) may carry more than 32 bytes; errors (0) and events are exactly 32.
      const length = kind === 1 ? x11EventBytes + 4 * this.#pending.readUInt32LE(4) : x11EventBytes;
      if (this.#pending.length < length) return;
      if (kind === 0) throw new Error(`X11 error ${this.#pending.readUInt8(1)} from the bench's painter`);
      if (kind === 1) this.#syncs.shift()?.();
      this.#pending = this.#pending.subarray(length);
    }
  }
}
