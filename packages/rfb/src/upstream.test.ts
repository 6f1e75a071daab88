// The failure paths a real Xvnc cannot be made to take on demand (silence, a non-RFB peer, no VncAuth offered);
// the successful and refused handshakes run against Xvnc in test/xvnc.test.ts.
import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { connectUpstream } from "./upstream.js";
import { RfbUpstreamError } from "./upstream-error.js";

let server: Server | undefined;
const peers: Socket[] = [];

afterEach(async () => {
  peers.forEach((peer) => peer.destroy());
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

async function listen(onConnection: (peer: Socket) => void): Promise<number> {
  server = createServer((peer) => {
    peers.push(peer);
    onConnection(peer);
  });
  await new Promise<void>((resolve) => server!.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return typeof address === "object" && address ? address.port : 0;
}

async function failure(promise: Promise<unknown>): Promise<RfbUpstreamError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RfbUpstreamError);
  return error as RfbUpstreamError;
}

describe("connectUpstream failure paths", () => {
  it("times out on a desktop that never speaks", async () => {
    const port = await listen(() => undefined);
    const started = Date.now();
    const error = await failure(
      connectUpstream({ host: "127.0.0.1", port, password: "full", timeoutMs: 200 }),
    );
    expect(error.kind).toBe("timeout");
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it("fails with kind connect when nothing listens", async () => {
    const port = await listen(() => undefined);
    await new Promise<void>((resolve) => server!.close(() => resolve()));
    server = undefined;
    const error = await failure(
      connectUpstream({ host: "127.0.0.1", port, password: "full", timeoutMs: 2000 }),
    );
    expect(error.kind).toBe("connect");
    expect(error.message).toContain("ECONNREFUSED");
  });

  it("stops when aborted", async () => {
    const port = await listen(() => undefined);
    const controller = new AbortController();
    const pending = connectUpstream({
      host: "127.0.0.1",
      port,
      password: "full",
      timeoutMs: 5000,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(new Error("session revoked")), 50);
    const error = await failure(pending);
    expect(error.kind).toBe("connect");
    expect(error.message).toContain("aborted");
  });

  it("refuses a peer that is not an RFB 3.8 server", async () => {
    const port = await listen((peer) => peer.write("SSH-2.0-OpenSSH_9.2\r\n"));
    const error = await failure(
      connectUpstream({ host: "127.0.0.1", port, password: "full", timeoutMs: 2000 }),
    );
    expect(error.kind).toBe("protocol");
  });

  it("refuses a server that does not offer VncAuth", async () => {
    const noVncAuth = await listen((peer) =>
      peer.write(Buffer.concat([Buffer.from("RFB 003.008\n"), Buffer.from([1, 1])])),
    );
    const error = await failure(
      connectUpstream({ host: "127.0.0.1", port: noVncAuth, password: "full", timeoutMs: 2000 }),
    );
    expect([error.kind, error.message]).toEqual([
      "protocol",
      "Desktop offers security types [1], not VncAuth (2)",
    ]);
  });

  it("reports a server that refuses every client with its reason as an auth failure", async () => {
    const reason = Buffer.from("Too many security failures");
    const length = Buffer.alloc(4);
    length.writeUInt32BE(reason.length);
    const port = await listen((peer) =>
      peer.write(Buffer.concat([Buffer.from("RFB 003.008\n"), Buffer.from([0]), length, reason])),
    );
    const error = await failure(
      connectUpstream({ host: "127.0.0.1", port, password: "full", timeoutMs: 2000 }),
    );
    expect([error.kind, error.message]).toEqual([
      "auth",
      "Desktop refused the connection: Too many security failures",
    ]);
  });

  it("reports a server that closes mid-handshake", async () => {
    const port = await listen((peer) => peer.end("RFB 003.008\n"));
    const error = await failure(
      connectUpstream({ host: "127.0.0.1", port, password: "full", timeoutMs: 2000 }),
    );
    expect(error.kind).toBe("protocol");
    expect(error.message).toContain("closed");
  });
});
