// A live-channel client for tests and benchmarks: opens a socket with a ticket and collects its frames.
import type { Socket } from "node:net";
import WebSocket from "ws";

export type LiveFrame = { id?: string; type: string; data?: Record<string, unknown>; at?: string };

export class LiveClient {
  readonly frames: LiveFrame[] = [];
  /** Set once the socket closed: its close code. */
  closeCode: number | undefined;
  readonly closed: Promise<number>;
  #waiters: (() => void)[] = [];

  constructor(readonly socket: WebSocket) {
    socket.on("message", (data) => {
      this.frames.push(JSON.parse((data as Buffer).toString("utf8")) as LiveFrame);
      for (const wake of this.#waiters.splice(0)) wake();
    });
    this.closed = new Promise((resolve) => {
      socket.once("close", (code) => {
        this.closeCode = code;
        resolve(code);
        for (const wake of this.#waiters.splice(0)) wake();
      });
    });
  }

  /** Stops (or resumes) reading from the TCP socket: a slow consumer, as the server sees one. */
  pauseReading(paused: boolean): void {
    // ws keeps its TCP socket in a private field; there is no public way to stop reading.
    const tcp = (this.socket as unknown as { _socket: Socket })._socket;
    if (paused) tcp.pause();
    else tcp.resume();
  }

  /** Opens `url` (ws://…/v1/live?ticket=…); rejects with the HTTP status when the server refuses. */
  static async open(url: string, protocols?: string[]): Promise<LiveClient> {
    const socket = new WebSocket(url, protocols, { perMessageDeflate: false });
    const client = new LiveClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
      socket.on("unexpected-response", (_request, response) => {
        let body = "";
        response.on("data", (chunk: Buffer) => (body += chunk.toString()));
        response.on("end", () => reject(new LiveRefused(response.statusCode ?? 0, body)));
      });
    });
    return client;
  }

  /** Resolves once `count` frames arrived (or the socket closed), or rejects after `timeoutMs`. */
  async waitForFrames(count: number, timeoutMs = 5000): Promise<LiveFrame[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.frames.length < count && this.closeCode === undefined) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`Got ${this.frames.length} live frames, wanted ${count}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.frames.slice(0, count);
  }

  async close(): Promise<void> {
    if (this.closeCode === undefined) this.socket.close();
    await this.closed;
  }
}

export class LiveRefused extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`Live channel refused: ${status} ${body}`);
  }
}
