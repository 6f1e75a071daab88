// @skillpod/rfb against a real TigerVNC Xvnc (Debian 12, 1.12): VncAuth with both passwords, ServerInit, the
// filter's message lengths as the server reads them, and the view-only password as the second lock on input.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ClientMessageFilter,
  RfbUpstreamError,
  connectUpstream,
  defaultMaxClientMessageBytes,
  extendedClipboardActions as actions,
  rfbClientMessages as m,
  type UpstreamConnection,
} from "../src/index.js";
import { providedText } from "../src/client-filter.test-support.js";
import { DesktopClients, probe, typeKeys } from "./rfb-test-client.js";
import {
  geometry,
  interactivePassword,
  startXvncDesktop,
  until,
  viewOnlyPassword,
  type XvncDesktop,
} from "./xvnc-desktop.js";

let desktop: XvncDesktop;
const clients = new DesktopClients(() => desktop.port);
const connectAs = (password: string): Promise<UpstreamConnection> => clients.connect(password);
const wired = clients.wired.bind(clients);

beforeAll(async () => {
  desktop = await startXvncDesktop();
}, 30_000);

afterAll(async () => {
  clients.closeAll();
  await desktop?.stop();
});

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
