// A bench viewer: a raw RFB client doing what noVNC does after ServerInit (SetPixelFormat rgb888, SetEncodings,
// then updates in one of two modes), either through the session gateway (a WebSocket, security None as the
// gateway offers it) or straight to the desktop (TCP, VncAuth with a stream Secret password: @skillpod/rfb's
// connectUpstream). Both paths use the same messages and the same reading, so only the path differs.
//
// Modes: "continuous" is what noVNC does with TigerVNC (it announces the Fence and ContinuousUpdates
// pseudo-encodings, answers the server's fences, and once the server confirms with EndOfContinuousUpdates
// sends EnableContinuousUpdates over the whole screen, after which the server pushes changes without being
// asked). "request" is noVNC against a server without those: an incremental FramebufferUpdateRequest after
// each update, so every update waits for one round trip of the path.
import { connectUpstream, rfbClientMessages, rgb888 } from "@skillpod/rfb";
import type { Socket } from "node:net";
import { WebSocket } from "ws";
import { ServerMessageParser, type Arrival } from "./rfb-viewer-parser.js";

export type { Arrival, RectSample } from "./rfb-viewer-parser.js";

export type ViewerMode = "continuous" | "request";

export const viewerModes: readonly ViewerMode[] = ["continuous", "request"];

/** Raw: the one encoding both paths carry identically and whose pixels the bench can read back. */
const raw = 0;
/** noVNC's pseudo-encodings for TigerVNC's flow control: Fence (−312) and ContinuousUpdates (−313). */
const fenceEncoding = -312;
const continuousUpdatesEncoding = -313;
const encodingsOf: Record<ViewerMode, number[]> = {
  continuous: [raw, fenceEncoding, continuousUpdatesEncoding],
  request: [raw],
};
/** Fence flags: Request (bit 31) asks for an answer; BlockBefore and BlockAfter are all noVNC echoes back. */
const fenceRequest = 0x8000_0000;
const fenceBlockFlags = 0b11;
const rfb38 = Buffer.from("RFB 003.008\n", "latin1");
const securityNone = 1;

type Link = { send: (bytes: Buffer) => void; close: () => void };

export class RfbViewer {
  readonly width: number;
  readonly height: number;
  readonly mode: ViewerMode;
  /** FramebufferUpdates and their bytes received since the last reset. */
  updates = 0;
  bytes = 0;
  closed = false;
  onUpdate: ((arrival: Arrival) => void) | undefined;
  readonly #link: Link;
  readonly #parser: ServerMessageParser;
  readonly #confirmed: Promise<void>;
  #confirm: (() => void) | undefined;
  #continuousConfirmed = false;
  #active = false;
  #next: ((arrival: Arrival) => void) | undefined;

  private constructor(link: Link, serverInit: Buffer, mode: ViewerMode) {
    this.#link = link;
    this.mode = mode;
    this.width = serverInit.readUInt16BE(0);
    this.height = serverInit.readUInt16BE(2);
    this.#confirmed = new Promise((resolve) => (this.#confirm = resolve));
    this.#parser = new ServerMessageParser({
      onUpdate: (arrival) => this.#arrived(arrival),
      onFence: (flags, payload) => this.#fenced(flags, payload),
      onEndOfContinuousUpdates: () => this.#continuousUpdatesEnded(),
    });
    link.send(
      Buffer.concat([
        rfbClientMessages.setPixelFormat(rgb888),
        rfbClientMessages.setEncodings(encodingsOf[mode]),
      ]),
    );
  }

  /** Through the gateway: `url` is ws://…/v1/desktop?ticket=…; noVNC's "binary" subprotocol. */
  static async overGateway(url: string, mode: ViewerMode = "continuous"): Promise<RfbViewer> {
    const socket = new WebSocket(url, ["binary"], { perMessageDeflate: false });
    const reader = new HandshakeReader();
    socket.on("message", (data: Buffer) => reader.push(data));
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
      socket.once("unexpected-response", (_request, response) =>
        reject(new Error(`the gateway refused the viewer with HTTP ${response.statusCode}`)),
      );
    });
    socket.on("error", () => undefined);
    const send = (bytes: Buffer): void => socket.send(bytes, { binary: true });
    const serverInit = await browserHandshake(reader, send);
    const viewer = new RfbViewer({ send, close: () => socket.close() }, serverInit, mode);
    socket.removeAllListeners("message");
    socket.on("message", (data: Buffer) => viewer.#received(data));
    socket.once("close", () => (viewer.closed = true));
    viewer.#received(reader.rest());
    await viewer.#ready();
    return viewer;
  }

  /** Straight to the desktop, as the gateway itself connects upstream. */
  static async direct(
    target: { host: string; port: number; password: string },
    mode: ViewerMode = "continuous",
  ): Promise<RfbViewer> {
    const upstream = await connectUpstream({ ...target, timeoutMs: 10_000 });
    const socket: Socket = upstream.socket;
    const viewer = new RfbViewer(
      { send: (bytes) => socket.write(bytes), close: () => socket.destroy() },
      upstream.serverInit,
      mode,
    );
    socket.on("data", (data: Buffer) => viewer.#received(data));
    socket.once("close", () => (viewer.closed = true));
    socket.on("error", () => undefined);
    viewer.#received(upstream.leftover);
    socket.resume();
    await viewer.#ready();
    return viewer;
  }

  /**
   * While active the viewer takes every update the server has: in request mode each update is answered by
   * the next request, in continuous mode the server pushes. Inactive, the viewer goes quiet, in continuous
   * mode by turning continuous updates off (noVNC never does; the bench does so that the other path's
   * viewers cost the shared Xvnc nothing while this one is measured).
   */
  setActive(active: boolean): void {
    const was = this.#active;
    this.#active = active;
    if (active === was) return;
    if (this.mode === "request") {
      if (active) this.#request();
      return;
    }
    this.#link.send(rfbClientMessages.enableContinuousUpdates(active, this.#screen()));
  }

  /**
   * One request and the update that answers it. A new connection's first answer is the whole screen, so
   * the bench takes it while connecting, before anything is measured.
   */
  async refresh(timeoutMs = 60_000): Promise<Arrival> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no update within the refresh's time")), timeoutMs);
      this.#next = (arrival) => {
        clearTimeout(timer);
        resolve(arrival);
      };
      this.#request();
    });
  }

  /** A key pressed and released (an X keysym), as noVNC sends a keystroke. */
  typeKey(keysym: number): void {
    this.#link.send(
      Buffer.concat([rfbClientMessages.keyEvent(true, keysym), rfbClientMessages.keyEvent(false, keysym)]),
    );
  }

  close(): void {
    this.#link.close();
  }

  /** In continuous mode a viewer is only usable once the server has confirmed continuous updates. */
  async #ready(timeoutMs = 15_000): Promise<void> {
    if (this.mode === "request") return;
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(
        () => reject(new Error("the server never confirmed continuous updates (EndOfContinuousUpdates)")),
        timeoutMs,
      );
    });
    await Promise.race([this.#confirmed, timeout]).finally(() => clearTimeout(timer));
  }

  #received(data: Buffer): void {
    if (data.length > 0) this.#parser.push(data, performance.now());
  }

  #arrived(arrival: Arrival): void {
    this.updates += 1;
    this.bytes += arrival.bytes;
    if (this.#active && this.mode === "request") this.#request();
    const next = this.#next;
    this.#next = undefined;
    next?.(arrival);
    this.onUpdate?.(arrival);
  }

  /** As noVNC: only a request may come from the server, and the answer echoes its payload. */
  #fenced(flags: number, payload: Buffer): void {
    if ((flags & fenceRequest) === 0) throw new Error("the server sent a fence response nobody asked for");
    this.#link.send(rfbClientMessages.clientFence(flags & fenceBlockFlags, payload));
  }

  /**
   * The first one confirms continuous updates (TigerVNC sends it once SetEncodings named −313 and −312); later
   * ones acknowledge turning them off.
   */
  #continuousUpdatesEnded(): void {
    if (this.#continuousConfirmed) return;
    this.#continuousConfirmed = true;
    this.#confirm?.();
  }

  #screen(): { x: number; y: number; width: number; height: number } {
    return { x: 0, y: 0, width: this.width, height: this.height };
  }

  #request(): void {
    this.#link.send(rfbClientMessages.framebufferUpdateRequest(true, this.#screen()));
  }
}

/** The browser's side of the gateway's handshake: version 3.8, security None, shared ClientInit. */
async function browserHandshake(reader: HandshakeReader, send: (bytes: Buffer) => void): Promise<Buffer> {
  const version = (await reader.read(12)).toString("latin1");
  if (version !== rfb38.toString("latin1"))
    throw new Error(`the gateway greeted with ${JSON.stringify(version)}`);
  send(rfb38);
  const count = (await reader.read(1)).readUInt8(0);
  if (!(await reader.read(count)).includes(securityNone))
    throw new Error("the gateway did not offer security None");
  send(Buffer.from([securityNone]));
  const result = (await reader.read(4)).readUInt32BE(0);
  if (result !== 0) throw new Error(`the gateway's SecurityResult was ${result}`);
  send(Buffer.from([1]));
  const fixed = await reader.read(24);
  await reader.read(fixed.readUInt32BE(20));
  return fixed;
}

/** Bytes of a WebSocket gathered for the few awaited reads of a handshake. */
class HandshakeReader {
  #buffer = Buffer.alloc(0);
  #wake: (() => void) | undefined;

  push(data: Buffer): void {
    this.#buffer = Buffer.concat([this.#buffer, data]);
    this.#wake?.();
  }

  async read(bytes: number): Promise<Buffer> {
    const deadline = Date.now() + 15_000;
    while (this.#buffer.length < bytes) {
      if (Date.now() > deadline)
        throw new Error(`the gateway's handshake stalled waiting for ${bytes} bytes`);
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
        setTimeout(resolve, 250);
      });
    }
    const out = this.#buffer.subarray(0, bytes);
    this.#buffer = this.#buffer.subarray(bytes);
    return out;
  }

  rest(): Buffer {
    return this.#buffer;
  }
}
