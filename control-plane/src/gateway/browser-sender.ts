// The desktop→browser direction: bytes go to the browser's WebSocket untouched, and while more than the
// high-water mark is handed over but not yet written to the network, reading from the desktop stops (until
// half of it is gone). A slow browser thus slows its own stream, and the gateway's memory stays bounded.
import type { WebSocket } from "ws";

export type BrowserSenderOptions = {
  socket: WebSocket;
  highWaterBytes: number;
  /** The bytes counter for this direction (a metric child, labelled once). */
  counter: { inc: (bytes: number) => void };
  /** Stop and restart reading from the desktop. */
  pauseDesktop: () => void;
  resumeDesktop: () => void;
};

export class BrowserSender {
  readonly #o: BrowserSenderOptions;
  #unsent = 0;
  #total = 0;
  #paused = false;

  constructor(options: BrowserSenderOptions) {
    this.#o = options;
  }

  /** Bytes handed to the socket and not yet written to the network. */
  get unsentBytes(): number {
    return this.#unsent;
  }

  get totalBytes(): number {
    return this.#total;
  }

  send(chunk: Buffer): void {
    const { socket, highWaterBytes, counter } = this.#o;
    this.#total += chunk.length;
    counter.inc(chunk.length);
    this.#unsent += chunk.length;
    // The callback runs once the frame is written to the network (or the socket failed).
    socket.send(chunk, { binary: true }, () => this.#written(chunk.length));
    if (this.#unsent > highWaterBytes && !this.#paused) {
      this.#paused = true;
      this.#o.pauseDesktop();
    }
  }

  #written(bytes: number): void {
    this.#unsent -= bytes;
    if (this.#paused && this.#unsent <= this.#o.highWaterBytes / 2) {
      this.#paused = false;
      this.#o.resumeDesktop();
    }
  }
}
