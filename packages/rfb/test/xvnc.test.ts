// @skillpod/rfb against a real TigerVNC Xvnc (Debian 12, 1.12): VncAuth with both passwords, ServerInit, the
// filter's message lengths as the server reads them, and the view-only password as the second lock on input.
import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ClientMessageFilter,
  RfbUpstreamError,
  connectUpstream,
  extendedClipboardActions as actions,
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

/** Fence answers go through the same filter as everything else the test sends. */
function answerFences(socket: Socket, filter: ClientMessageFilter): (flags: number, payload: Buffer) => void {
  return (flags, payload) => socket.write(filter.push(m.clientFence(flags, payload)).forward);
}

const fenceRequest = 0x80000000;

/** Proves the server read everything sent before it exactly: a fence request whose payload is unique to this
 * probe comes back in a ServerFence only if the server found the fence where we put it, and the update request
 * before it is answered with a FramebufferUpdate. (With ExtendedDesktopSize announced, TigerVNC answers a
 * non-incremental request with the desktop size alone, so the update's content proves nothing; the fence does.) */
async function probe(
  send: (bytes: Buffer) => void,
  reader: ServerMessageReader,
  marker: string,
): Promise<void> {
  const from = reader.count;
  const payload = Buffer.from(marker);
  send(m.framebufferUpdateRequest(false, { x: 0, y: 0, width: 1, height: 1 }));
  send(m.clientFence(fenceRequest, payload));
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

  it("answers an update request after each message type the filter forwards", async () => {
    const { socket, leftover } = await connectAs(interactivePassword);
    const filter = new ClientMessageFilter({ mode: "interactive", clipboardToDesktop: true });
    const reader = new ServerMessageReader(socket, leftover, answerFences(socket, filter));
    const send = (bytes: Buffer): void => {
      const outcome = filter.push(bytes);
      expect(outcome.close).toBeUndefined();
      expect(outcome.dropped).toEqual({});
      socket.write(outcome.forward);
    };
    // Fences (the probe) need the fence pseudo-encoding announced first.
    send(m.setEncodings(encodings));
    for (const [label, bytes] of steps) {
      send(bytes);
      await probe(send, reader, label);
    }
    expect(socket.destroyed).toBe(false);
  });

  it("stays in sync through a watch-mode filter that drops input", async () => {
    const { socket, leftover } = await connectAs(viewOnlyPassword);
    const filter = new ClientMessageFilter({ mode: "watch", clipboardToDesktop: false });
    const reader = new ServerMessageReader(socket, leftover, answerFences(socket, filter));
    const send = (bytes: Buffer): void => void socket.write(filter.push(bytes).forward);
    send(m.setEncodings(encodings));
    for (const [label, bytes] of steps) {
      send(bytes);
      await probe(send, reader, `${label} in watch mode`);
    }
  });
});

describe("the view-only password is a lock of its own", () => {
  it("ignores keys typed over a view-only connection, while the same keys over an interactive one arrive", async () => {
    const viewer = await connectAs(viewOnlyPassword);
    const viewerUpdates = new ServerMessageReader(viewer.socket, viewer.leftover, () => undefined);
    typeKeys(viewer.socket, "watch\n");
    viewer.socket.write(Buffer.concat([m.qemuKeyEvent(true, 0x77, 25), m.qemuKeyEvent(false, 0x77, 25)]));
    // The server has read every key once it answers the request sent after them.
    viewer.socket.write(m.setEncodings([0, -312]));
    await probe((bytes) => viewer.socket.write(bytes), viewerUpdates, "the viewer's keys");

    const owner = await connectAs(interactivePassword);
    typeKeys(owner.socket, "owner\n");
    const typed = await until("the owner's line", () =>
      desktop.typed().includes("\n") ? desktop.typed() : undefined,
    );
    expect(typed).toBe("owner\n");
    expect(viewer.socket.destroyed).toBe(false);
  });
});
