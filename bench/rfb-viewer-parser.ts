// The bench viewers' reading of server→client RFB messages, streamed: bytes are counted, never gathered, so
// 200 viewers cost what a real client's socket reading costs and not the bench's own copying. Only Raw
// rectangles are expected (the viewers ask for no other encoding); of each the first pixel is kept, which is
// how the bench tells which screen change an update carries. A ServerFence and EndOfContinuousUpdates are
// handed to the viewer, which answers them as noVNC does.

export type RectSample = { x: number; y: number; width: number; height: number; firstPixel: number };

/** One whole FramebufferUpdate: when its last byte arrived, its size and its rectangles. */
export type Arrival = { at: number; bytes: number; rects: RectSample[] };

/** What the viewer does with the server's messages; fences and the continuous-updates confirmation only matter in that mode. */
export type ServerMessageHandlers = {
  onUpdate: (arrival: Arrival) => void;
  onFence?: (flags: number, payload: Buffer) => void;
  onEndOfContinuousUpdates?: () => void;
};

const bytesPerPixel = 4;

type Step =
  | { kind: "type" }
  | { kind: "header"; bytes: number; then: (header: Buffer) => void }
  | { kind: "skip"; bytes: number; then: () => void };

export class ServerMessageParser {
  #chunks: Buffer[] = [];
  #offset = 0;
  #available = 0;
  #step: Step = { kind: "type" };
  #rects: RectSample[] = [];
  #rectsLeft = 0;
  #messageBytes = 0;
  #now = 0;

  constructor(private readonly handlers: ServerMessageHandlers) {}

  push(chunk: Buffer, now: number): void {
    this.#chunks.push(chunk);
    this.#available += chunk.length;
    this.#now = now;
    while (this.#advance()) {
      // each step consumed what it needed
    }
  }

  #advance(): boolean {
    const step = this.#step;
    if (step.kind === "skip") {
      const skipped = this.#skip(step.bytes);
      step.bytes -= skipped;
      if (step.bytes > 0) return false;
      step.then();
      return true;
    }
    const need = step.kind === "type" ? 1 : step.bytes;
    if (this.#available < need) return false;
    const bytes = this.#take(need);
    if (step.kind === "type") this.#onType(bytes.readUInt8(0));
    else step.then(bytes);
    return true;
  }

  #onType(type: number): void {
    this.#messageBytes = 1;
    if (type === 0) this.#header(3, (h) => this.#onUpdateHeader(h.readUInt16BE(1)));
    else if (type === 2)
      this.#step = { kind: "type" }; // Bell
    else if (type === 150) this.#endOfContinuousUpdates();
    else if (type === 3)
      this.#header(7, (h) => this.#skipThenType(h.readUInt32BE(3))); // ServerCutText
    else if (type === 248) this.#header(8, (h) => this.#onFenceHeader(h));
    else throw new Error(`the bench viewer got server message type ${type}`);
  }

  #endOfContinuousUpdates(): void {
    this.#step = { kind: "type" };
    this.handlers.onEndOfContinuousUpdates?.();
  }

  /** ServerFence: 3 padding, flags, payload length; the payload (≤ 64 bytes) goes back in the answer. */
  #onFenceHeader(h: Buffer): void {
    const flags = h.readUInt32BE(3);
    this.#header(h.readUInt8(7), (payload) => {
      this.#step = { kind: "type" };
      this.handlers.onFence?.(flags, payload);
    });
  }

  #onUpdateHeader(count: number): void {
    this.#rects = [];
    this.#rectsLeft = count;
    this.#nextRect();
  }

  #nextRect(): void {
    if (this.#rectsLeft === 0) {
      this.handlers.onUpdate({ at: this.#now, bytes: this.#messageBytes, rects: this.#rects });
      this.#step = { kind: "type" };
      return;
    }
    this.#rectsLeft -= 1;
    this.#header(12, (h) => this.#onRect(h));
  }

  #onRect(h: Buffer): void {
    const rect = {
      x: h.readUInt16BE(0),
      y: h.readUInt16BE(2),
      width: h.readUInt16BE(4),
      height: h.readUInt16BE(6),
    };
    const encoding = h.readInt32BE(8);
    if (encoding !== 0) throw new Error(`the bench viewer got encoding ${encoding}; it asked for Raw only`);
    const pixels = rect.width * rect.height * bytesPerPixel;
    if (pixels === 0) {
      this.#nextRect();
      return;
    }
    this.#header(bytesPerPixel, (first) => {
      // rgb888 as noVNC asks for it: red in the lowest byte.
      this.#rects.push({ ...rect, firstPixel: (first[0]! << 16) | (first[1]! << 8) | first[2]! });
      this.#step = { kind: "skip", bytes: pixels - bytesPerPixel, then: () => this.#nextRect() };
    });
  }

  #header(bytes: number, then: (header: Buffer) => void): void {
    this.#step = { kind: "header", bytes, then };
  }

  #skipThenType(bytes: number): void {
    this.#step = { kind: "skip", bytes, then: () => (this.#step = { kind: "type" }) };
  }

  /** Copies out `bytes` (≤ what is available): headers only, a few bytes each. */
  #take(bytes: number): Buffer {
    const out = Buffer.alloc(bytes);
    let filled = 0;
    while (filled < bytes) {
      const chunk = this.#chunks[0]!;
      const n = Math.min(bytes - filled, chunk.length - this.#offset);
      chunk.copy(out, filled, this.#offset, this.#offset + n);
      filled += n;
      this.#consume(n);
    }
    return out;
  }

  /** Drops up to `bytes` without copying; answers how many. */
  #skip(bytes: number): number {
    let skipped = 0;
    while (skipped < bytes && this.#chunks.length > 0) {
      const chunk = this.#chunks[0]!;
      const n = Math.min(bytes - skipped, chunk.length - this.#offset);
      skipped += n;
      this.#consume(n);
    }
    return skipped;
  }

  #consume(n: number): void {
    this.#offset += n;
    this.#available -= n;
    this.#messageBytes += n;
    if (this.#offset === this.#chunks[0]!.length) {
      this.#chunks.shift();
      this.#offset = 0;
    }
  }
}
