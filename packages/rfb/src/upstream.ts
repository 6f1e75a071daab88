// The gateway's side toward the desktop: an RFB 3.8 client that authenticates with VncAuth on the browser's
// behalf (the interactive or the view-only password, chosen by the session's mode).
import { Socket } from "node:net";
import { SocketReader } from "./socket-reader.js";
import { RfbUpstreamError } from "./upstream-error.js";
import { rfbVersion38 } from "./browser-handshake.js";
import { vncAuthChallengeBytes, vncAuthResponse } from "./vnc-auth.js";

export type UpstreamOptions = {
  host: string;
  port: number;
  password: string;
  /** Budget for the TCP connect and the whole handshake up to ServerInit. */
  timeoutMs: number;
  signal?: AbortSignal;
};

export type UpstreamConnection = {
  /** Connected, past ServerInit, paused, with no listeners of ours: attach handlers, then call resume(). */
  socket: Socket;
  /** ServerInit exactly as the desktop sent it (24 bytes + name), to pass to the browser. */
  serverInit: Buffer;
  /** Bytes the desktop sent after ServerInit that were already read. */
  leftover: Buffer;
};

const securityTypeVncAuth = 2;
const serverInitFixedBytes = 24;
// Reason strings and desktop names are short; a larger claim means we are not talking to an RFB server.
const maxStringBytes = 4096;

async function readString(reader: SocketReader, what: string): Promise<string> {
  const length = (await reader.read(4)).readUInt32BE(0);
  if (length > maxStringBytes) {
    throw new RfbUpstreamError("protocol", `Desktop sent a ${what} of ${length} bytes`);
  }
  return (await reader.read(length)).toString("utf8");
}

async function negotiateVersion(reader: SocketReader, socket: Socket): Promise<void> {
  const version = (await reader.read(12)).toString("latin1");
  const match = /^RFB (\d{3})\.(\d{3})\n$/.exec(version);
  if (!match || Number(match[1]) !== 3 || Number(match[2]) < 8) {
    throw new RfbUpstreamError("protocol", `Desktop speaks ${JSON.stringify(version)}, not RFB 3.8`);
  }
  socket.write(rfbVersion38);
}

async function chooseVncAuth(reader: SocketReader, socket: Socket): Promise<void> {
  const count = (await reader.read(1)).readUInt8(0);
  if (count === 0) {
    // TigerVNC refuses here, with a reason, once an address has failed too often ("Too many security failures").
    throw new RfbUpstreamError(
      "auth",
      `Desktop refused the connection: ${await readString(reader, "reason")}`,
    );
  }
  const types = [...(await reader.read(count))];
  if (!types.includes(securityTypeVncAuth)) {
    throw new RfbUpstreamError(
      "protocol",
      `Desktop offers security types [${types.join(", ")}], not VncAuth (2)`,
    );
  }
  socket.write(Buffer.from([securityTypeVncAuth]));
}

async function authenticate(reader: SocketReader, socket: Socket, password: string): Promise<void> {
  const challenge = await reader.read(vncAuthChallengeBytes);
  socket.write(vncAuthResponse(challenge, password));
  const result = (await reader.read(4)).readUInt32BE(0);
  if (result !== 0) {
    throw new RfbUpstreamError(
      "auth",
      `Desktop refused VncAuth: ${await readString(reader, "failure reason")}`,
    );
  }
}

async function readServerInit(reader: SocketReader): Promise<Buffer> {
  const fixed = await reader.read(serverInitFixedBytes);
  const nameLength = fixed.readUInt32BE(20);
  if (nameLength > maxStringBytes) {
    throw new RfbUpstreamError("protocol", `Desktop sent a name of ${nameLength} bytes`);
  }
  return Buffer.concat([fixed, await reader.read(nameLength)]);
}

async function handshake(reader: SocketReader, socket: Socket, password: string): Promise<Buffer> {
  await negotiateVersion(reader, socket);
  await chooseVncAuth(reader, socket);
  await authenticate(reader, socket, password);
  // shared = 1: TigerVNC disconnects every other viewer of the desktop when a client asks for exclusive access.
  socket.write(Buffer.from([1]));
  return readServerInit(reader);
}

/** Opens an authenticated RFB connection to a desktop and reads its ServerInit. */
export async function connectUpstream(options: UpstreamOptions): Promise<UpstreamConnection> {
  const socket = new Socket();
  socket.setNoDelay(true);
  const reader = new SocketReader(socket);
  const timer = setTimeout(() => {
    reader.fail(
      new RfbUpstreamError("timeout", `Desktop handshake took longer than ${options.timeoutMs} ms`),
    );
  }, options.timeoutMs);
  const onAbort = (): void => {
    reader.fail(
      new RfbUpstreamError("connect", "Desktop connection aborted", { cause: options.signal?.reason }),
    );
  };
  if (options.signal?.aborted) onAbort();
  options.signal?.addEventListener("abort", onAbort, { once: true });
  try {
    await reader.connect(options.host, options.port);
    const serverInit = await handshake(reader, socket, options.password);
    return { socket, serverInit, leftover: reader.detach() };
  } catch (error) {
    reader.detach();
    socket.destroy();
    throw error;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }
}
