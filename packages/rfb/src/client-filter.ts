import { ByteQueue } from "./byte-queue.js";
import type { RfbClose } from "./close-codes.js";
import { measureClientMessage, type ClientMessageName } from "./client-messages.js";
import { judgeClientMessage, type ClientPolicy, type DesktopMode } from "./client-policy.js";

export type ClientMessageFilterOptions = {
  mode: DesktopMode;
  /** Whether the SkillPod's clipboard policy lets the browser's clipboard reach the desktop. */
  clipboardToDesktop: boolean;
  /** Largest client message accepted, header included; longer claims close the session. */
  maxMessageBytes?: number;
};

export type FilterOutcome = {
  /** Bytes to write upstream now: whole messages only (possibly empty). */
  forward: Buffer;
  /** Messages dropped in this push, by type. */
  dropped: Partial<Record<ClientMessageName, number>>;
  /** True when a forwarded message was real input: a key, the pointer, or clipboard content sent to the desktop. */
  input: boolean;
  /** Set when the session must close; nothing at or after the offending message is ever forwarded. */
  close?: RfbClose;
};

export const defaultMaxClientMessageBytes = 1024 * 1024;

/** Streaming parser and filter of the browser's RFB messages toward the desktop, one instance per session. */
export class ClientMessageFilter {
  private readonly queue = new ByteQueue();
  private readonly policy: ClientPolicy;
  private readonly maxMessageBytes: number;
  private closed: RfbClose | undefined;

  constructor(options: ClientMessageFilterOptions) {
    this.policy = { mode: options.mode, clipboardToDesktop: options.clipboardToDesktop };
    this.maxMessageBytes = options.maxMessageBytes ?? defaultMaxClientMessageBytes;
  }

  /** The reason the filter closed, once it has. */
  get closeReason(): RfbClose | undefined {
    return this.closed;
  }

  /** Bytes received but not yet forwarded or dropped: the start of an incomplete message. */
  get pendingBytes(): number {
    return this.queue.length;
  }

  push(chunk: Buffer): FilterOutcome {
    const outcome: FilterOutcome = { forward: Buffer.alloc(0), dropped: {}, input: false };
    if (this.closed) return { ...outcome, close: this.closed };
    this.queue.push(chunk);
    const forwarded: Buffer[] = [];
    while (!this.closed) {
      const measured = measureClientMessage(this.queue, this.maxMessageBytes);
      if (measured.kind === "incomplete") break;
      if (measured.kind === "invalid") {
        this.close(measured.close);
        break;
      }
      const verdict = judgeClientMessage(measured.name, this.queue.take(measured.length), this.policy);
      if (verdict.action === "close") this.close(verdict.close);
      else if (verdict.action === "drop")
        outcome.dropped[measured.name] = (outcome.dropped[measured.name] ?? 0) + 1;
      else {
        forwarded.push(verdict.bytes);
        outcome.input ||= verdict.input;
      }
    }
    outcome.forward = Buffer.concat(forwarded);
    return this.closed ? { ...outcome, close: this.closed } : outcome;
  }

  private close(reason: RfbClose): void {
    this.closed = reason;
    // Whatever else the client sent is never forwarded; free it rather than hold it for the session's life.
    this.queue.drain();
  }
}
