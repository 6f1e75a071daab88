// Two ways TigerVNC 1.12 reads client bytes differently from RFB's framing, shown on the real server, and what the
// filter does about each: a SetDesktopSize read in pieces, and extended-clipboard messages longer than their fields.
import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ClientMessageFilter,
  extendedClipboardActions as actions,
  rfbCloseCodes,
  rfbClientMessages as m,
} from "../src/index.js";
import { DesktopClients, fenceRequest, sleep } from "./rfb-test-client.js";
import { ServerMessageReader, type ServerMessage } from "./server-messages.js";
import { interactivePassword, startXvncDesktop, type XvncDesktop } from "./xvnc-desktop.js";

let desktop: XvncDesktop;
const clients = new DesktopClients(() => desktop.port);
const connectAs = clients.connect.bind(clients);

beforeAll(async () => {
  desktop = await startXvncDesktop();
}, 30_000);

afterAll(async () => {
  clients.closeAll();
  await desktop?.stop();
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
