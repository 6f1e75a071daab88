// The gateway is the RFB server toward the browser. It offers security type None only: the browser holds a
// session ticket, never a VNC password, and the gateway answers VncAuth toward the desktop itself.
import { ByteQueue } from "./byte-queue.js";
import { rfbClose, rfbCloseCodes, type RfbClose } from "./close-codes.js";

export type BrowserHandshakeStep = {
  /** Bytes to send to the browser now (may be empty). */
  reply: Buffer;
  /** Set once ClientInit arrived; rest holds the bytes after it (the first client messages). */
  clientInit?: { shared: boolean; rest: Buffer };
  close?: RfbClose;
};

type Version = "3.3" | "3.7" | "3.8";
type State = "version" | "security" | "clientInit" | "done" | "failed";

export const rfbVersion38 = "RFB 003.008\n";
const versionBytes = 12;
const securityTypeNone = 1;
const supportedVersions: Readonly<Record<string, Version>> = {
  "RFB 003.003\n": "3.3",
  "RFB 003.007\n": "3.7",
  "RFB 003.008\n": "3.8",
};

const u32 = (value: number): Buffer => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value);
  return out;
};

/** RFB 3.8's SecurityResult failed, with its reason string. */
function securityFailure(reason: string): Buffer {
  const text = Buffer.from(reason, "utf8");
  return Buffer.concat([u32(1), u32(text.length), text]);
}

function printable(bytes: Buffer): string {
  return JSON.stringify(bytes.toString("latin1"));
}

export class BrowserHandshake {
  private readonly queue = new ByteQueue();
  private state: State = "version";
  private version: Version = "3.8";

  greeting(): Buffer {
    return Buffer.from(rfbVersion38, "latin1");
  }

  /** True once ClientInit has been received. */
  get done(): boolean {
    return this.state === "done";
  }

  /** Bytes from the browser; may hold part of a step or several steps. */
  push(chunk: Buffer): BrowserHandshakeStep {
    if (this.state === "done" || this.state === "failed") {
      return this.fail("RFB handshake data arrived after the handshake ended");
    }
    this.queue.push(chunk);
    const replies: Buffer[] = [];
    for (;;) {
      const step = this.advance();
      if (step === null) return { reply: Buffer.concat(replies) };
      replies.push(step.reply);
      if (step.close || step.clientInit) return { ...step, reply: Buffer.concat(replies) };
    }
  }

  private advance(): BrowserHandshakeStep | null {
    switch (this.state) {
      case "version":
        return this.queue.length >= versionBytes ? this.onVersion(this.queue.take(versionBytes)) : null;
      case "security":
        return this.queue.length >= 1 ? this.onSecurityType(this.queue.take(1).readUInt8(0)) : null;
      default:
        return this.queue.length >= 1 ? this.onClientInit(this.queue.take(1).readUInt8(0)) : null;
    }
  }

  private onVersion(bytes: Buffer): BrowserHandshakeStep {
    const version = supportedVersions[bytes.toString("latin1")];
    if (version === undefined) return this.fail(`RFB version ${printable(bytes)} is not supported`);
    this.version = version;
    if (version === "3.3") {
      // 3.3: the server decides the security type and sends no SecurityResult for None.
      this.state = "clientInit";
      return { reply: u32(securityTypeNone) };
    }
    this.state = "security";
    return { reply: Buffer.from([1, securityTypeNone]) };
  }

  private onSecurityType(type: number): BrowserHandshakeStep {
    if (type !== securityTypeNone) {
      const reason = `Security type ${type} is not offered; only None (1)`;
      const reply = this.version === "3.8" ? securityFailure(reason) : Buffer.alloc(0);
      return { ...this.fail(reason), reply };
    }
    this.state = "clientInit";
    // Only 3.8 sends SecurityResult after None.
    return { reply: this.version === "3.8" ? u32(0) : Buffer.alloc(0) };
  }

  private onClientInit(shared: number): BrowserHandshakeStep {
    this.state = "done";
    return { reply: Buffer.alloc(0), clientInit: { shared: shared !== 0, rest: this.queue.drain() } };
  }

  private fail(reason: string): BrowserHandshakeStep {
    this.state = "failed";
    this.queue.drain();
    return { reply: Buffer.alloc(0), close: rfbClose(rfbCloseCodes.handshake, reason) };
  }
}
