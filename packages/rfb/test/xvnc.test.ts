// @skillpod/rfb against a real TigerVNC Xvnc (Debian 12, 1.12): VncAuth with both passwords, ServerInit, the
// filter's message lengths as the server reads them, and the view-only password as the second lock on input.
import { randomBytes } from "node:crypto";
import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ClientMessageFilter,
  RfbUpstreamError,
  connectUpstream,
  defaultMaxClientMessageBytes,
  extendedClipboardActions as actions,
  rfbCloseCodes,
  rfbClientMessages as m,
  type UpstreamConnection,
} from "../src/index.js";
import { providedText } from "../src/client-filter.test-support.js";
import { ServerMessageReader, type ServerMessage } from "./server-messages.js";
import {
  geometry,
  interactivePassword,
  startXvncDesktop,
  until,
  viewOnlyPassword,
  type XvncDesktop,
} from "./xvnc-desktop.js";

let desktop: XvncDesktop;
const open: Socket[] = [];

beforeAll(async () => {
  desktop = await startXvncDesktop();
}, 30_000);

afterAll(async () => {
  open.forEach((socket) => socket.destroy());
  await desktop?.stop();
});

async function connectAs(password: string): Promise<UpstreamConnection> {
  const connection = await connectUpstream({
    host: "127.0.0.1",
    port: desktop.port,
    password,
    timeoutMs: 5000,
  });
  open.push(connection.socket);
  return connection;
}

const keysyms = (text: string): number[] => [...text].map((c) => (c === "\n" ? 0xff0d : c.charCodeAt(0)));

function typeKeys(socket: Socket, text: string): void {
  for (const keysym of keysyms(text)) {
    socket.write(Buffer.concat([m.keyEvent(true, keysym), m.keyEvent(false, keysym)]));
  }
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The test client's side of a connection: every message passes the filter whole, in the order sent, and is
 * written whole or (slowly) one byte at a time, never interleaved with another message. */
class Wire {
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

async function wired(
  password: string,
  filter: ClientMessageFilter,
): Promise<{ wire: Wire; reader: ServerMessageReader; socket: Socket }> {
  const { socket, leftover } = await connectAs(password);
  const wire = new Wire(socket, filter);
  return { wire, reader: new ServerMessageReader(socket, leftover, wire.answerFence), socket };
}

const fenceRequest = 0x80000000;

/** Proves the server read everything sent before it exactly: a fence request whose payload is unique to this
 * probe comes back in a ServerFence only if the server found the fence where we put it, and the update request
 * before it is answered with a FramebufferUpdate. (With ExtendedDesktopSize announced, TigerVNC answers a
 * non-incremental request with the desktop size alone, so the update's content proves nothing; the fence does.) */
async function probe(wire: Wire, reader: ServerMessageReader, marker: string): Promise<void> {
  const from = reader.count;
  const payload = Buffer.from(marker);
  void wire.send(m.framebufferUpdateRequest(false, { x: 0, y: 0, width: 1, height: 1 }));
  void wire.send(m.clientFence(fenceRequest, payload));
  const echoed = (message: ServerMessage): boolean =>
    message.type === "fence" && message.payload.equals(payload);
  await reader.waitFor(echoed, `the fence after ${marker}`, from);
  await reader.waitFor((message) => message.type === "update", `the update after ${marker}`, from);
}

describe("connectUpstream against Xvnc", () => {
  it.each([
    ["interactive", interactivePassword],
    ["view-only", viewOnlyPassword],
  ])(
    "authenticates with the %s password and returns ServerInit with the real geometry",
    async (_mode, password) => {
      const { socket, serverInit } = await connectAs(password);
      expect([serverInit.readUInt16BE(0), serverInit.readUInt16BE(2)]).toEqual([
        geometry.width,
        geometry.height,
      ]);
      expect(serverInit.readUInt8(4)).toBe(32);
      expect(serverInit.length).toBe(24 + serverInit.readUInt32BE(20));
      expect(socket.destroyed).toBe(false);
      socket.destroy();
    },
  );

  it("fails with kind auth and the server's reason on a wrong password", async () => {
    const error = await connectUpstream({
      host: "127.0.0.1",
      port: desktop.port,
      password: "wrong",
      timeoutMs: 5000,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(RfbUpstreamError);
    expect((error as RfbUpstreamError).kind).toBe("auth");
    expect((error as RfbUpstreamError).message).toMatch(/Authentication fail/i);
  });
});

describe("every forwarded message keeps the server in sync", () => {
  const encodings = [0, -223, -308, -312, -313, -258, 0xc0a1e5ce | 0, -316];
  const whole = { x: 0, y: 0, width: geometry.width, height: geometry.height };
  const steps: [label: string, bytes: Buffer][] = [
    ["SetPixelFormat", m.setPixelFormat()],
    ["SetEncodings (with -316 to strip)", m.setEncodings(encodings)],
    ["FramebufferUpdateRequest", m.framebufferUpdateRequest(true, whole)],
    ["KeyEvent", Buffer.concat([m.keyEvent(true, 0xffe1), m.keyEvent(false, 0xffe1)])],
    ["PointerEvent", m.pointerEvent(0, 600, 500)],
    ["ClientCutText", m.clientCutText("from the browser")],
    ["extended clipboard caps", m.extendedClientCutText(0x1f000001, Buffer.alloc(4))],
    ["extended clipboard request", m.extendedClientCutText(actions.request | 1)],
    ["extended clipboard peek", m.extendedClientCutText(actions.peek)],
    ["extended clipboard notify", m.extendedClientCutText(actions.notify | 1)],
    ["extended clipboard provide", m.extendedClientCutText(actions.provide | 1, providedText("pasted"))],
    ["EnableContinuousUpdates on", m.enableContinuousUpdates(true, whole)],
    ["EnableContinuousUpdates off", m.enableContinuousUpdates(false, whole)],
    ["ClientFence", m.clientFence(0x80000000, Buffer.from("sync"))],
    ["ClientFence with 64 bytes", m.clientFence(0, Buffer.alloc(64, 1))],
    ["SetDesktopSize", m.setDesktopSize(geometry.width, geometry.height, [{ id: 0, ...whole, flags: 0 }])],
    ["QemuKeyEvent", Buffer.concat([m.qemuKeyEvent(true, 0xffe1, 50), m.qemuKeyEvent(false, 0xffe1, 50)])],
  ];

  const interactive = (): ClientMessageFilter =>
    new ClientMessageFilter({ mode: "interactive", clipboardToDesktop: true });

  it("answers an update request after each message type the filter forwards", async () => {
    const { wire, reader, socket } = await wired(interactivePassword, interactive());
    // Fences (the probe) need the fence pseudo-encoding announced first.
    void wire.send(m.setEncodings(encodings));
    for (const [label, bytes] of steps) {
      void wire.send(bytes);
      await probe(wire, reader, label);
    }
    expect(socket.destroyed).toBe(false);
  });

  it("stays in sync when each forwarded message reaches the server one byte at a time", async () => {
    const { wire, reader } = await wired(interactivePassword, interactive());
    void wire.send(m.setEncodings(encodings));
    // SetDesktopSize is the exception TigerVNC cannot read in pieces: see the tests below.
    for (const [label, bytes] of steps.filter(([label]) => label !== "SetDesktopSize")) {
      await wire.send(bytes, true);
      await probe(wire, reader, `${label} byte by byte`);
    }
  });

  it("stays in sync after clipboard messages of the filter's maximum size", async () => {
    const { wire, reader } = await wired(interactivePassword, interactive());
    void wire.send(m.setEncodings(encodings));
    const max = defaultMaxClientMessageBytes;
    void wire.send(m.clientCutText("x".repeat(max - 8)));
    await probe(wire, reader, "a classic cut text of the maximum size");
    void wire.send(m.extendedClientCutText(actions.provide | 1, randomBytes(max - 12)));
    await probe(wire, reader, "an extended provide of the maximum size");
  });

  it("stays in sync through a watch-mode filter that drops input", async () => {
    const filter = new ClientMessageFilter({ mode: "watch", clipboardToDesktop: false });
    const { wire, reader } = await wired(viewOnlyPassword, filter);
    void wire.send(m.setEncodings(encodings));
    for (const [label, bytes] of steps) {
      void wire.send(bytes);
      await probe(wire, reader, `${label} in watch mode`);
    }
  });
});

describe("SetDesktopSize split after its type byte", () => {
  // Read from its padding byte on, this SetDesktopSize is a ClientFence request carrying "SMUG" followed by a
  // FramebufferUpdateRequest, so a server that misreads it echoes that fence.
  const smuggler = m.setDesktopSize(0x0400, 0x0380, [
    { id: 0x0004534d, x: 0x5547, y: 0x0300, width: 1, height: 1, flags: 1 },
  ]);
  smuggler.writeUInt8(248, 1);
  const smuggled = (message: ServerMessage): boolean =>
    message.type === "fence" && message.payload.toString("latin1") === "SMUG";

  async function sendSplit(socket: Socket, bytes: Buffer): Promise<void> {
    socket.write(bytes.subarray(0, 1));
    await sleep(300);
    socket.write(bytes.subarray(1));
  }

  it("is misread by TigerVNC 1.12 as whatever its remaining bytes spell (why the filter guards the padding)", async () => {
    const { socket, leftover } = await connectAs(interactivePassword);
    const reader = new ServerMessageReader(socket, leftover, () => undefined);
    socket.write(m.setEncodings([0, -312]));
    const from = reader.count;
    await sendSplit(socket, smuggler);
    await reader.waitFor(smuggled, "the smuggled fence", from);
  });

  it("ends the connection instead when it went through the filter", async () => {
    const { socket, leftover } = await connectAs(interactivePassword);
    const reader = new ServerMessageReader(socket, leftover, () => undefined);
    const filter = new ClientMessageFilter({ mode: "interactive", clipboardToDesktop: true });
    socket.write(filter.push(m.setEncodings([0, -312])).forward);
    const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    const from = reader.count;
    await sendSplit(socket, filter.push(smuggler).forward);
    await closed;
    await expect(reader.waitFor(smuggled, "the smuggled fence", from, 100)).rejects.toThrow(/closed/);
  });
});

describe("extended clipboard messages longer than their fields", () => {
  it("have their extra bytes read by TigerVNC 1.12 as the next message (why the filter demands exact lengths)", async () => {
    const { socket, leftover } = await connectAs(interactivePassword);
    const reader = new ServerMessageReader(socket, leftover, () => undefined);
    socket.write(m.setEncodings([0, -312, 0xc0a1e5ce | 0]));
    const hidden = m.clientFence(fenceRequest, Buffer.from("CAPS"));
    const caps = m.extendedClientCutText(actions.caps | 1, Buffer.concat([Buffer.alloc(4), hidden]));
    const from = reader.count;
    socket.write(caps);
    const echoed = (message: ServerMessage): boolean =>
      message.type === "fence" && message.payload.toString("latin1") === "CAPS";
    await reader.waitFor(echoed, "the fence hidden in the caps", from);
    const filtered = new ClientMessageFilter({ mode: "watch", clipboardToDesktop: false }).push(caps);
    expect([filtered.forward.length, filtered.close?.code]).toEqual([0, rfbCloseCodes.malformed]);
  });
});

describe("the view-only password is a lock of its own", () => {
  it("ignores keys typed over a view-only connection, while the same keys over an interactive one arrive", async () => {
    // Only the probe passes a filter here (an interactive one, which lets it through); the keys go straight.
    const passThrough = new ClientMessageFilter({ mode: "interactive", clipboardToDesktop: false });
    const viewer = await wired(viewOnlyPassword, passThrough);
    void viewer.wire.send(m.setEncodings([0, -312]));
    typeKeys(viewer.socket, "watch\n");
    viewer.socket.write(Buffer.concat([m.qemuKeyEvent(true, 0x77, 25), m.qemuKeyEvent(false, 0x77, 25)]));
    // The server has read every key once it answers the probe sent after them.
    await probe(viewer.wire, viewer.reader, "the viewer's keys");

    const owner = await connectAs(interactivePassword);
    typeKeys(owner.socket, "owner\n");
    const typed = await until("the owner's line", () =>
      desktop.typed().includes("\n") ? desktop.typed() : undefined,
    );
    expect(typed).toBe("owner\n");
    expect(viewer.socket.destroyed).toBe(false);
  });
});
