import type { Socket } from "node:net";
import { ByteQueue } from "./byte-queue.js";
import { RfbUpstreamError } from "./upstream-error.js";

type Waiter<T> = { resolve: (value: T) => void; reject: (error: Error) => void };

/** Connects a socket and reads exact byte counts from it during a handshake, then hands it back untouched. */
export class SocketReader {
  private readonly queue = new ByteQueue();
  private reading: (Waiter<Buffer> & { bytes: number }) | undefined;
  private connecting: Waiter<void> | undefined;
  private connected = false;
  private failure: Error | undefined;
  private readonly onData = (chunk: Buffer): void => {
    this.queue.push(chunk);
    this.settle();
  };
  private readonly onError = (error: Error): void => {
    const kind = this.connected ? "protocol" : "connect";
    this.fail(new RfbUpstreamError(kind, `Desktop connection failed: ${error.message}`, { cause: error }));
  };
  private readonly onClose = (): void => {
    this.fail(new RfbUpstreamError("protocol", "Desktop closed the connection during the RFB handshake"));
  };

  constructor(private readonly socket: Socket) {
    socket.on("data", this.onData);
    socket.on("error", this.onError);
    socket.on("close", this.onClose);
  }

  connect(host: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      this.connecting = { resolve, reject };
      this.socket.connect({ host, port }, () => {
        this.connected = true;
        this.connecting = undefined;
        resolve();
      });
      this.settle();
    });
  }

  read(bytes: number): Promise<Buffer> {
    return new Promise((resolve, reject) => {
      this.reading = { bytes, resolve, reject };
      this.settle();
    });
  }

  /** Ends the pending and every later step with this error; the first failure wins. */
  fail(error: Error): void {
    this.failure ??= error;
    this.settle();
  }

  /** Stops reading and returns what arrived past the handshake. The socket is left paused. */
  detach(): Buffer {
    this.socket.pause();
    this.socket.off("data", this.onData);
    this.socket.off("error", this.onError);
    this.socket.off("close", this.onClose);
    return this.queue.drain();
  }

  private settle(): void {
    const reading = this.reading;
    if (reading && this.queue.length >= reading.bytes) {
      this.reading = undefined;
      reading.resolve(this.queue.take(reading.bytes));
    }
    if (!this.failure) return;
    this.connecting?.reject(this.failure);
    this.reading?.reject(this.failure);
    this.connecting = undefined;
    this.reading = undefined;
  }
}
