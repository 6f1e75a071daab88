// The browser's side of a desktop session, as noVNC speaks it through the session gateway: RFB 3.8 with
// security None (the gateway authenticates toward the desktop), one full framebuffer request, then input.
import { rfbClientMessages } from "@skillpod/rfb";
import { WebSocket } from "ws";

export class DesktopViewer {
  #buffered = Buffer.alloc(0);
  #received = 0;

  private constructor(private readonly socket: WebSocket) {
    socket.on("message", (data: Buffer) => {
      this.#buffered = Buffer.concat([this.#buffered, data]);
      this.#received += data.length;
    });
  }

  /** Opens the gateway URL a desktop-session ticket gave; rejects with the HTTP status when refused. */
  static open(url: string): Promise<DesktopViewer> {
    const socket = new WebSocket(url, ["binary"]);
    return new Promise((resolve, reject) => {
      socket.once("open", () => resolve(new DesktopViewer(socket)));
      socket.once("unexpected-response", (_request, response) =>
        reject(new Error(`the gateway refused the session: HTTP ${response.statusCode}`)),
      );
      socket.once("error", reject);
    });
  }

  async #read(bytes: number): Promise<Buffer> {
    const deadline = Date.now() + 15_000;
    while (this.#buffered.length < bytes) {
      if (Date.now() > deadline || this.socket.readyState !== WebSocket.OPEN)
        throw new Error(`the desktop sent ${this.#buffered.length} of ${bytes} bytes`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const head = this.#buffered.subarray(0, bytes);
    this.#buffered = this.#buffered.subarray(bytes);
    return head;
  }

  /** Version, security None, ClientInit (shared), ServerInit; resolves with the desktop's size. */
  async handshake(): Promise<{ width: number; height: number }> {
    const version = (await this.#read(12)).toString("latin1");
    if (version !== "RFB 003.008\n") throw new Error(`unexpected RFB version ${JSON.stringify(version)}`);
    this.socket.send(Buffer.from(version, "latin1"));
    const types = await this.#read((await this.#read(1)).readUInt8(0));
    if (!types.includes(1)) throw new Error(`no security type None among ${[...types].join(",")}`);
    this.socket.send(Buffer.from([1]));
    const result = (await this.#read(4)).readUInt32BE(0);
    if (result !== 0) throw new Error(`SecurityResult ${result}`);
    this.socket.send(Buffer.from([1]));
    const init = await this.#read(24);
    await this.#read(init.readUInt32BE(20));
    return { width: init.readUInt16BE(0), height: init.readUInt16BE(2) };
  }

  /** Asks for the whole screen and waits until at least `bytes` of pixels arrived. */
  async receiveScreen(size: { width: number; height: number }, bytes: number): Promise<void> {
    this.socket.send(rfbClientMessages.setEncodings([0]));
    this.socket.send(rfbClientMessages.framebufferUpdateRequest(false, { x: 0, y: 0, ...size }));
    const deadline = Date.now() + 15_000;
    while (this.#received < bytes && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (this.#received < bytes) throw new Error(`only ${this.#received} bytes of the screen arrived`);
  }

  /** Presses and releases a key (a watcher's are dropped by the gateway). */
  typeKey(keysym: number): void {
    this.socket.send(rfbClientMessages.keyEvent(true, keysym));
    this.socket.send(rfbClientMessages.keyEvent(false, keysym));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      this.socket.once("close", () => resolve());
      this.socket.close(1000);
    });
  }
}
