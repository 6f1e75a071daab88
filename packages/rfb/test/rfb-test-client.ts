// The tests' RFB client toward a real desktop: ordered whole-message writes through a filter, fence answers, and a
// probe that proves the server read everything before it exactly.
import type { Socket } from "node:net";
import { expect } from "vitest";
import type { ClientMessageFilter } from "../src/index.js";
import { connectUpstream, rfbClientMessages as m, type UpstreamConnection } from "../src/index.js";
import { ServerMessageReader, type ServerMessage } from "./server-messages.js";

const keysyms = (text: string): number[] => [...text].map((c) => (c === "\n" ? 0xff0d : c.charCodeAt(0)));

export function typeKeys(socket: Socket, text: string): void {
  for (const keysym of keysyms(text)) {
    socket.write(Buffer.concat([m.keyEvent(true, keysym), m.keyEvent(false, keysym)]));
  }
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The test client's side of a connection: every message passes the filter whole, in the order sent, and is
 * written whole or (slowly) one byte at a time, never interleaved with another message. */
export class Wire {
  private tail: Promise<void> = Promise.resolve();

  constructor(
    private readonly socket: Socket,
    private readonly filter: ClientMessageFilter,
  ) {}

  /** Filters and sends; resolves once written. */
  send(bytes: Buffer, slowly = false): Promise<void> {
    const outcome = this.filter.push(bytes);
    expect(outcome.close).toBeUndefined();
    this.tail = this.tail.then(() =>
      slowly ? this.writeSlowly(outcome.forward) : this.write(outcome.forward),
    );
    return this.tail;
  }

  /** Answers the server's fence requests as noVNC does, through the same filter and queue. */
  readonly answerFence = (flags: number, payload: Buffer): void =>
    void this.send(m.clientFence(flags, payload));

  private write(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  // Pauses between bytes so that the server's reads see every partial state of a message.
  private async writeSlowly(bytes: Buffer): Promise<void> {
    for (const byte of bytes) {
      this.socket.write(Buffer.from([byte]));
      await sleep(2);
    }
  }
}

export const fenceRequest = 0x80000000;

/** Proves the server read everything sent before it exactly: a fence request whose payload is unique to this
 * probe comes back in a ServerFence only if the server found the fence where we put it, and the update request
 * before it is answered with a FramebufferUpdate. (With ExtendedDesktopSize announced, TigerVNC answers a
 * non-incremental request with the desktop size alone, so the update's content proves nothing; the fence does.) */
export async function probe(wire: Wire, reader: ServerMessageReader, marker: string): Promise<void> {
  const from = reader.count;
  const payload = Buffer.from(marker);
  void wire.send(m.framebufferUpdateRequest(false, { x: 0, y: 0, width: 1, height: 1 }));
  void wire.send(m.clientFence(fenceRequest, payload));
  const echoed = (message: ServerMessage): boolean =>
    message.type === "fence" && message.payload.equals(payload);
  await reader.waitFor(echoed, `the fence after ${marker}`, from);
  await reader.waitFor((message) => message.type === "update", `the update after ${marker}`, from);
}

/** Connections to one desktop, closed together when the test file ends. */
export class DesktopClients {
  private readonly sockets: Socket[] = [];

  constructor(private readonly port: () => number) {}

  async connect(password: string): Promise<UpstreamConnection> {
    const connection = await connectUpstream({
      host: "127.0.0.1",
      port: this.port(),
      password,
      timeoutMs: 5000,
    });
    this.sockets.push(connection.socket);
    return connection;
  }

  /** A connection whose messages go through the filter, with its server messages parsed and fences answered. */
  async wired(
    password: string,
    filter: ClientMessageFilter,
  ): Promise<{ wire: Wire; reader: ServerMessageReader; socket: Socket }> {
    const { socket, leftover } = await this.connect(password);
    const wire = new Wire(socket, filter);
    return { wire, reader: new ServerMessageReader(socket, leftover, wire.answerFence), socket };
  }

  closeAll(): void {
    this.sockets.forEach((socket) => socket.destroy());
  }
}
