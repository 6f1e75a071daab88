// The desktop-session pipe against a real Xvnc, through a real WebSocket: the handshakes, the filter on the
// wire, close codes and backpressure. No stack needed: the session is given its desktop's address directly
// (gateway.test.ts covers finding it through Kubernetes).
import { connectUpstream, rfbCloseCodes, type UpstreamConnection } from "@skillpod/rfb";
import { randomUUID } from "node:crypto";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { WebSocket, WebSocketServer } from "ws";
import { gatewayCloseCodes } from "../src/gateway/close-codes.js";
import { DesktopSession } from "../src/gateway/desktop-session.js";
import type { SessionLimits } from "../src/gateway/session-options.js";
import { createGatewayMetrics } from "../src/gateway/gateway-metrics.js";
import { HandshakeGate } from "../src/gateway/handshake-gate.js";
import type { SessionTotals } from "../src/gateway/session-audit.js";
import { RfbClient, everyInputMessage, rfbMessages } from "./gateway-rfb-client.js";
import { startDesktop, type TestDesktop } from "./gateway-xvnc.js";

type Mode = "interactive" | "watch";
type Ended = { totals: SessionTotals; inputs: number };
type Setup = {
  mode: Mode;
  password?: string;
  port?: number;
  limits?: Partial<SessionLimits>;
  /** Another desktop than the shared one. */
  desktop?: TestDesktop;
};

const defaultLimits: SessionLimits = {
  handshakeTimeoutMs: 5000,
  upstreamTimeoutMs: 5000,
  highWaterBytes: 4 * 1_048_576,
  maxMessageBytes: 1_048_576,
  pingMs: 30_000,
};

let desktop: TestDesktop;
let server: WebSocketServer;
let url: string;
const metrics = createGatewayMetrics();
const handshakes = new HandshakeGate(4);
/** What the next connection gets; each test sets it before connecting. */
let next: Setup = { mode: "interactive" };
const sessions = new Map<string, { session: DesktopSession; ended: Promise<Ended> }>();

beforeAll(async () => {
  desktop = await startDesktop();
  server = new WebSocketServer({ host: "127.0.0.1", port: 0, maxPayload: defaultLimits.maxMessageBytes });
  await new Promise((resolve) => server.once("listening", resolve));
  url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  server.on("connection", (socket, request) => {
    const setup = next;
    const sessionId = randomUUID();
    let inputs = 0;
    let resolveEnded: (ended: Ended) => void = () => undefined;
    const ended = new Promise<Ended>((resolve) => (resolveEnded = resolve));
    const session = new DesktopSession({
      socket,
      subject: { sessionId, userId: "u", namespace: "ns", name: "pod", mode: setup.mode, ip: "127.0.0.1" },
      target: {
        host: (setup.desktop ?? desktop).host,
        port: setup.port ?? (setup.desktop ?? desktop).port,
        password:
          setup.password ??
          (setup.mode === "interactive"
            ? (setup.desktop ?? desktop).interactivePassword
            : (setup.desktop ?? desktop).viewPassword),
      },
      clipboardToDesktop: true,
      limits: { ...defaultLimits, ...setup.limits },
      metrics,
      handshakes,
      log: pino({ level: process.env.GATEWAY_TEST_LOG ?? "silent" }),
      onInput: () => (inputs += 1),
      onEnded: (totals) => resolveEnded({ totals, inputs }),
    });
    sessions.set(request.headers["x-test-id"] as string, { session, ended });
    session.open();
  });
});

afterAll(async () => {
  server?.close();
  await desktop?.stop();
});

type Connected = { client: RfbClient; session: DesktopSession; ended: () => Promise<Ended> };

async function connect(setup: Setup): Promise<Connected> {
  next = setup;
  const id = randomUUID();
  const client = await RfbClient.connect(url, ["binary"], { "x-test-id": id });
  const server = sessions.get(id);
  if (!server) throw new Error("the server made no session");
  return { client, session: server.session, ended: () => server.ended };
}

async function owner(limits: Partial<SessionLimits> = {}): Promise<Connected & { bpp: number }> {
  const session = await connect({ mode: "interactive", limits });
  const init = await session.client.handshake();
  session.client.send(rfbMessages.setEncodings([0]));
  return { ...session, bpp: init.bitsPerPixel / 8 };
}

const droppedInMetrics = async (type: string): Promise<number> =>
  (await metrics.droppedInput.get()).values.find((v) => v.labels.type === type)?.value ?? 0;

describe("desktop session pipe (real Xvnc)", () => {
  it("brings the owner to ServerInit and a FramebufferUpdate, and forwards real input", async () => {
    const { client, ended: sessionEnded, bpp } = await owner();
    client.send(rfbMessages.updateRequest(false, 800, 600));
    expect(await client.readFramebufferUpdate(bpp)).toBe(800 * 600);
    client.send(rfbMessages.pointer(0, 321, 234));
    await expect.poll(() => desktop.pointer(), { timeout: 5000 }).toEqual({ x: 321, y: 234 });
    client.close();
    const { totals, inputs } = await sessionEnded();
    expect(inputs).toBeGreaterThan(0);
    expect(totals.bytesToBrowser).toBeGreaterThan(800 * 600 * bpp);
    expect(totals.droppedInput).toBe(0);
  });

  it("drops every input message of a watcher, split across frames and coalesced, while the owner stays", async () => {
    const ownerSession = await owner();
    ownerSession.client.send(rfbMessages.pointer(0, 10, 10));
    await expect.poll(() => desktop.pointer(), { timeout: 5000 }).toEqual({ x: 10, y: 10 });
    const before = await droppedInMetrics("PointerEvent");

    const watcher = await connect({ mode: "watch" });
    const init = await watcher.client.handshake();
    watcher.client.send(rfbMessages.setEncodings([0]));
    const inputs = everyInputMessage();
    // Coalesced: all in one frame; then each split byte by byte across frames.
    watcher.client.send(Buffer.concat(inputs));
    for (const message of inputs) for (const byte of message) watcher.client.send(Buffer.from([byte]));
    // Updates still flow to the watcher: its session is alive and its stream is whole.
    watcher.client.send(rfbMessages.updateRequest(false, 800, 600));
    expect(await watcher.client.readFramebufferUpdate(init.bitsPerPixel / 8)).toBe(800 * 600);
    expect(desktop.pointer()).toEqual({ x: 10, y: 10 });
    expect(await droppedInMetrics("PointerEvent")).toBe(before + 6);

    watcher.client.close();
    const { totals, inputs: watcherInputs } = await watcher.ended();
    expect(watcherInputs).toBe(0);
    expect(totals.droppedInput).toBe(inputs.length * 2);
    expect(totals.droppedByType).toEqual({
      KeyEvent: 4,
      PointerEvent: 6,
      ClientCutText: 2,
      SetDesktopSize: 2,
      QemuKeyEvent: 4,
    });
    // The owner's session was not disturbed: its input still moves the pointer.
    expect(ownerSession.client.open).toBe(true);
    ownerSession.client.send(rfbMessages.pointer(0, 50, 60));
    await expect.poll(() => desktop.pointer(), { timeout: 5000 }).toEqual({ x: 50, y: 60 });
    ownerSession.client.close();
  });

  it("closes a session that sends an unknown message type with the filter's code and reason", async () => {
    const { client, ended: sessionEnded } = await owner();
    client.send(Buffer.from([250, 0, 0, 0]));
    const closed = await client.closed;
    expect(closed.code).toBe(rfbCloseCodes.unknownMessage);
    expect(closed.reason).not.toBe("");
    expect((await sessionEnded()).totals.closeCode).toBe(rfbCloseCodes.unknownMessage);
  });

  it("closes a session whose cut text claims a huge negative (extended) length as too large", async () => {
    const { client } = await owner();
    client.send(rfbMessages.cutTextClaiming(-0x7fffffff));
    const closed = await client.closed;
    expect(closed.code).toBe(rfbCloseCodes.tooLarge);
    expect(closed.reason).not.toBe("");
  });

  it("closes a browser that never finishes the handshake", async () => {
    const { client } = await connect({ mode: "interactive", limits: { handshakeTimeoutMs: 300 } });
    const closed = await client.closed;
    expect(closed.code).toBe(gatewayCloseCodes.handshakeTimeout);
  });

  it("closes a browser that stops answering pings", async () => {
    next = { mode: "interactive", limits: { pingMs: 200 } };
    const id = randomUUID();
    // autoPong off: this browser hangs without closing its socket.
    const socket = new WebSocket(url, ["binary"], { headers: { "x-test-id": id }, autoPong: false });
    const closed = new Promise<number>((resolve) => socket.once("close", (code) => resolve(code)));
    expect(await closed).toBe(gatewayCloseCodes.browserUnresponsive);
  });

  it("closes with desktopRefused on a wrong password and desktopUnavailable on a closed port", async () => {
    const refused = await connect({ mode: "interactive", password: "wrongpw1" });
    expect((await refused.client.closed).code).toBe(gatewayCloseCodes.desktopRefused);
    const unreachable = await connect({ mode: "interactive", port: 1 });
    expect((await unreachable.client.closed).code).toBe(gatewayCloseCodes.desktopUnavailable);
  });

  it("stops reading from the desktop while a browser does not read, and resumes when it does", async () => {
    const highWaterBytes = 256 * 1024;
    const { client, session, ended: sessionEnded, bpp } = await owner({ highWaterBytes });
    // The browser stops reading its socket: 40 full frames (77 MB) are asked for, more than the kernel's
    // socket buffers hold, but the gateway holds at most the high-water mark plus one chunk from the desktop.
    client.socket.pause();
    let most = 0;
    for (let i = 0; i < 40; i++) {
      // The server merges queued requests: one every 50 ms makes it send a whole frame each time.
      client.send(rfbMessages.updateRequest(false, 800, 600));
      await sleep(50);
      most = Math.max(most, session.unsentBytes);
    }
    expect(most).toBeGreaterThan(highWaterBytes);
    expect(most).toBeLessThan(highWaterBytes + 256 * 1024);
    client.socket.resume();
    // The server merges queued requests, so fewer than 40 updates may come: read until the stream is quiet.
    let updates = 0;
    while (
      await client.readFramebufferUpdate(bpp, 1500).then(
        () => true,
        () => false,
      )
    )
      updates += 1;
    expect(updates).toBeGreaterThan(0);
    expect(session.unsentBytes).toBe(0);
    // The stream is still whole and flowing.
    client.send(rfbMessages.updateRequest(false, 800, 600));
    expect(await client.readFramebufferUpdate(bpp)).toBe(800 * 600);
    client.close();
    const { totals } = await sessionEnded();
    expect(totals.bytesToBrowser).toBeGreaterThan((updates + 1) * 800 * 600 * bpp);
  });

  it("stops reading from a browser while the desktop does not read, and resumes when it does", async () => {
    const own = await startDesktop();
    try {
      const { client, session } = await connect({ mode: "interactive", desktop: own });
      const init = await client.handshake();
      own.freeze();
      // 40 MB of paste toward a desktop that reads nothing: the gateway holds a few messages at most, the
      // rest waits in the browser (TigerVNC skips cut text over its MaxCutText once it reads again).
      const paste = rfbMessages.cutText("x".repeat(1_000_000));
      for (let i = 0; i < 40; i++) client.send(paste);
      let most = 0;
      for (let i = 0; i < 20; i++) {
        await sleep(100);
        most = Math.max(most, session.unsentToDesktop);
      }
      expect(most).toBeLessThan(8 * 1_000_000);
      expect(client.socket.bufferedAmount).toBeGreaterThan(20 * 1_000_000);
      own.thaw();
      await expect.poll(() => client.socket.bufferedAmount, { timeout: 30_000 }).toBe(0);
      client.send(rfbMessages.setEncodings([0]), rfbMessages.updateRequest(false, 800, 600));
      expect(await client.readFramebufferUpdate(init.bitsPerPixel / 8)).toBe(800 * 600);
      client.close();
    } finally {
      await own.stop();
    }
  });

  it("queues handshakes per desktop: 32 at once all get in, where TigerVNC refuses unqueued ones", async () => {
    // A desktop of its own: the unqueued half gets its address blacklisted for a while.
    const own = await startDesktop();
    const dial = (): Promise<UpstreamConnection> =>
      connectUpstream({ host: own.host, port: own.port, password: own.interactivePassword, timeoutMs: 5000 });
    try {
      const gate = new HandshakeGate(4);
      const queued = await Promise.allSettled(Array.from({ length: 32 }, () => gate.run("own", dial)));
      expect(queued.filter((r) => r.status === "fulfilled")).toHaveLength(32);
      const unqueued = await Promise.allSettled(Array.from({ length: 32 }, dial));
      expect(unqueued.filter((r) => r.status === "rejected").length).toBeGreaterThan(0);
      for (const r of [...queued, ...unqueued]) if (r.status === "fulfilled") r.value.socket.destroy();
    } finally {
      await own.stop();
    }
  });
});
