// One desktop session: a browser's WebSocket (noVNC framing: raw RFB bytes in binary messages) joined to the
// desktop's VNC server over TCP. The gateway is the RFB server toward the browser (security None) and the RFB
// client toward the desktop (VncAuth with the mode's password); every client message passes the filter, the
// desktop's bytes pass untouched. Each direction stops reading while the other side cannot take more.
import {
  BrowserHandshake,
  ClientMessageFilter,
  RfbUpstreamError,
  connectUpstream,
  type FilterOutcome,
  type UpstreamConnection,
} from "@skillpod/rfb";
import type { RawData } from "ws";
import { BrowserSender } from "./browser-sender.js";
import { closeReasonOf, gatewayCloseCodes, upstreamClose, type SessionClose } from "./close-codes.js";
import type { SessionSubject } from "./session-audit.js";
import type { DesktopSessionOptions } from "./session-options.js";
import type { LiveSession } from "./session-registry.js";

type Phase = "handshake" | "connecting" | "piping" | "closed";

/** How long a closed session's browser gets to read its close frame before its socket is destroyed. */
const closeGraceMs = 5000;
const internalError: SessionClose = { code: 1011, reason: "The gateway failed this session" };

const bufferOf = (data: RawData): Buffer =>
  Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);

export class DesktopSession implements LiveSession {
  readonly userId: string;
  readonly mode: SessionSubject["mode"];
  readonly namespace: string;
  readonly name: string;
  readonly #o: DesktopSessionOptions;
  readonly #startedAt = performance.now();
  readonly #handshake = new BrowserHandshake();
  readonly #filter: ClientMessageFilter;
  readonly #timers: NodeJS.Timeout[] = [];
  #handshakeTimer: NodeJS.Timeout | undefined;
  #phase: Phase = "handshake";
  #upstream: UpstreamConnection | undefined;
  /** Browser bytes after ClientInit, and desktop bytes, that arrived before both sides were ready. */
  #heldFromBrowser: Buffer[] = [];
  #heldFromDesktop: Buffer[] = [];
  readonly #toBrowser: BrowserSender;
  #alive = true;
  #bytesToDesktop = 0;
  readonly #dropped: Record<string, number> = {};
  readonly #toDesktopBytes: { inc: (n: number) => void };

  constructor(options: DesktopSessionOptions) {
    this.#o = options;
    ({ userId: this.userId, mode: this.mode, namespace: this.namespace, name: this.name } = options.subject);
    this.#filter = new ClientMessageFilter({
      mode: options.subject.mode,
      clipboardToDesktop: options.clipboardToDesktop,
      maxMessageBytes: options.limits.maxMessageBytes,
    });
    // Label lookups once per session, not per chunk.
    this.#toDesktopBytes = options.metrics.bytes.labels("to_desktop");
    this.#toBrowser = new BrowserSender({
      socket: options.socket,
      highWaterBytes: options.limits.highWaterBytes,
      counter: options.metrics.bytes.labels("to_browser"),
      pauseDesktop: () => this.#upstream?.socket.pause(),
      resumeDesktop: () => {
        if (this.#phase === "piping") this.#upstream?.socket.resume();
      },
    });
  }

  get sessionId(): string {
    return this.#o.subject.sessionId;
  }

  /** Bytes handed to the browser's socket and not yet written to the network (bounded by the high-water mark). */
  get unsentBytes(): number {
    return this.#toBrowser.unsentBytes;
  }

  /** Bytes waiting to be written to the desktop (bounded: the browser is not read while the desktop lags). */
  get unsentToDesktop(): number {
    return this.#upstream?.socket.writableLength ?? 0;
  }

  /** Greets the browser and dials the desktop at once: the two handshakes run in parallel. */
  open(): void {
    const { socket, limits } = this.#o;
    socket.on("message", (data, isBinary) => this.#guard(() => this.#fromBrowser(data, isBinary)));
    socket.on("close", (code) => this.#ended({ code, reason: "The browser closed the session" }, "browser"));
    socket.on("error", (error) => this.#o.log.debug({ err: error }, "Desktop session socket failed"));
    socket.on("pong", () => (this.#alive = true));
    this.#every(limits.pingMs, () => this.#ping());
    this.#handshakeTimer = this.#after(limits.handshakeTimeoutMs, () =>
      this.end({
        code: gatewayCloseCodes.handshakeTimeout,
        reason: "The RFB handshake did not complete in time",
      }),
    );
    socket.send(this.#handshake.greeting());
    void this.#connect();
  }

  /** Ends the session with this close code and reason; the first call wins. */
  end(close: SessionClose): void {
    if (this.#phase === "closed") return;
    const { socket } = this.#o;
    try {
      socket.close(close.code, closeReasonOf(close.reason));
    } catch (error) {
      // Only a code WebSocket forbids on the wire throws; the browser then sees the connection drop.
      this.#o.log.error({ err: error, close }, "Failed to close a desktop session socket");
      socket.terminate();
    }
    const destroy = setTimeout(() => socket.terminate(), closeGraceMs);
    destroy.unref();
    socket.once("close", () => clearTimeout(destroy));
    this.#ended(close, "gateway");
  }

  #ended(close: SessionClose, by: "browser" | "gateway"): void {
    if (this.#phase === "closed") return;
    this.#phase = "closed";
    for (const timer of this.#timers) clearTimeout(timer);
    // An upstream handshake in flight is not aborted: it finishes and #upstreamReady closes it. TigerVNC counts
    // a connection dropped during authentication as a failure and, after five, refuses every connection from
    // our address for a while: one browser that opens and drops sessions would lock the owner out.
    this.#upstream?.socket.destroy();
    this.#o.metrics.sessionsEnded.inc({ code: by === "browser" ? "browser" : String(close.code) });
    this.#o.onEnded({
      durationMs: Math.round(performance.now() - this.#startedAt),
      bytesToDesktop: this.#bytesToDesktop,
      bytesToBrowser: this.#toBrowser.totalBytes,
      droppedInput: Object.values(this.#dropped).reduce((sum, n) => sum + n, 0),
      droppedByType: { ...this.#dropped },
      closeCode: close.code,
      closeReason: close.reason,
    });
  }

  /** A fault in this session's code ends this session, never the process. */
  #guard(run: () => void): void {
    try {
      run();
    } catch (error) {
      this.#o.log.error({ err: error, sessionId: this.sessionId }, "Failed a desktop session");
      this.end(internalError);
    }
  }

  async #connect(): Promise<void> {
    const { target, limits, metrics, handshakes } = this.#o;
    const started = performance.now();
    try {
      const upstream = await handshakes.run(`${target.host}:${target.port}`, () =>
        connectUpstream({ ...target, timeoutMs: limits.upstreamTimeoutMs }),
      );
      metrics.upstreamConnect.observe({ outcome: "ok" }, (performance.now() - started) / 1000);
      this.#guard(() => this.#upstreamReady(upstream));
    } catch (error) {
      const outcome = error instanceof RfbUpstreamError ? error.kind : "error";
      metrics.upstreamConnect.observe({ outcome }, (performance.now() - started) / 1000);
      if (this.#phase === "closed") return;
      this.#o.log.warn({ err: error, sessionId: this.sessionId }, "Failed to reach the desktop");
      this.end(upstreamClose(error));
    }
  }

  #upstreamReady(upstream: UpstreamConnection): void {
    if (this.#phase === "closed") {
      upstream.socket.destroy();
      return;
    }
    this.#upstream = upstream;
    const tcp = upstream.socket;
    tcp.setNoDelay(true);
    tcp.on("data", (chunk: Buffer) => this.#guard(() => this.#fromDesktop(chunk)));
    tcp.on("close", () =>
      this.end({ code: gatewayCloseCodes.desktopClosed, reason: "The desktop closed the connection" }),
    );
    tcp.on("error", (error) => this.#o.log.debug({ err: error }, "Desktop connection failed"));
    tcp.on("drain", () => this.#o.socket.resume());
    if (this.#phase === "connecting") this.#startPiping();
    else tcp.pause();
  }

  #fromBrowser(data: RawData, isBinary: boolean): void {
    if (this.#phase === "closed") return;
    if (!isBinary) {
      this.end({ code: gatewayCloseCodes.notBinary, reason: "RFB travels in binary WebSocket messages" });
      return;
    }
    const chunk = bufferOf(data);
    if (chunk.length > this.#o.limits.maxMessageBytes) {
      const reason = `WebSocket messages are limited to ${this.#o.limits.maxMessageBytes} bytes`;
      this.end({ code: 1009, reason });
      return;
    }
    this.#bytesToDesktop += chunk.length;
    this.#toDesktopBytes.inc(chunk.length);
    if (this.#phase === "handshake") this.#handshakeStep(chunk);
    else if (this.#phase === "connecting") this.#holdFromBrowser(chunk);
    else this.#forward(this.#filter.push(chunk));
  }

  #handshakeStep(chunk: Buffer): void {
    const step = this.#handshake.push(chunk);
    if (step.reply.length > 0) this.#o.socket.send(step.reply);
    if (step.close) return this.end(step.close);
    if (!step.clientInit) return;
    this.#phase = "connecting";
    if (step.clientInit.rest.length > 0) this.#heldFromBrowser.push(step.clientInit.rest);
    if (this.#upstream) this.#startPiping();
    else this.#o.socket.pause();
  }

  /** Bytes a browser sends before it saw ServerInit are few; more than one message's worth is an abuse. */
  #holdFromBrowser(chunk: Buffer): void {
    this.#heldFromBrowser.push(chunk);
    const held = this.#heldFromBrowser.reduce((sum, b) => sum + b.length, 0);
    if (held > this.#o.limits.maxMessageBytes) {
      this.end({ code: 1009, reason: "Too much sent before the desktop was ready" });
    }
  }

  #startPiping(): void {
    const upstream = this.#upstream;
    if (!upstream) return;
    this.#phase = "piping";
    clearTimeout(this.#handshakeTimer);
    this.#toBrowser.send(upstream.serverInit);
    if (upstream.leftover.length > 0) this.#toBrowser.send(upstream.leftover);
    for (const chunk of this.#heldFromDesktop.splice(0)) this.#toBrowser.send(chunk);
    for (const chunk of this.#heldFromBrowser.splice(0)) {
      if (this.#phase === "piping") this.#forward(this.#filter.push(chunk));
    }
    if (this.#phase !== "piping") return;
    this.#o.socket.resume();
    upstream.socket.resume();
    this.#o.log.info(
      { sessionId: this.sessionId, mode: this.mode, namespace: this.namespace, name: this.name },
      `Connected desktop session ${this.sessionId} to SkillPod ${this.namespace}/${this.name}`,
    );
  }

  #forward(outcome: FilterOutcome): void {
    const tcp = this.#upstream?.socket;
    if (outcome.forward.length > 0 && tcp && !tcp.write(outcome.forward)) this.#o.socket.pause();
    for (const [type, count] of Object.entries(outcome.dropped)) {
      this.#dropped[type] = (this.#dropped[type] ?? 0) + count;
      this.#o.metrics.droppedInput.inc({ type }, count);
    }
    if (outcome.input && this.mode === "interactive") this.#o.onInput();
    if (outcome.close) this.end(outcome.close);
  }

  #fromDesktop(chunk: Buffer): void {
    if (this.#phase === "piping") this.#toBrowser.send(chunk);
    else if (this.#phase !== "closed") this.#heldFromDesktop.push(chunk);
  }

  #ping(): void {
    if (!this.#alive) {
      this.end({ code: gatewayCloseCodes.browserUnresponsive, reason: "The browser stopped answering" });
      return;
    }
    this.#alive = false;
    this.#o.socket.ping();
  }

  #every(ms: number, run: () => void): void {
    const timer = setInterval(run, ms);
    timer.unref();
    this.#timers.push(timer);
  }

  #after(ms: number, run: () => void): NodeJS.Timeout {
    const timer = setTimeout(run, ms);
    timer.unref();
    this.#timers.push(timer);
    return timer;
  }
}
