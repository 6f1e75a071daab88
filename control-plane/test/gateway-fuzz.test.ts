// Fuzz of the gateway's browser side: 10,000 malformed RFB cases (random bytes, unknown types, truncated and
// oversized messages, negative and huge cut-text lengths, bad handshakes), each on its own connection with its
// own ticket, in concurrent batches against the running gateway, while one good session keeps streaming. The
// gateway must survive, keep the good session whole, and close every bad connection with a code and a reason.
import { rfbCloseCodes } from "@skillpod/rfb";
import { Redis } from "ioredis";
import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueDesktopTicket } from "../src/index.js";
import { exposeDesktop, metricsOf, sampleOf, startGateway, type RunningGateway } from "./gateway-harness.js";
import { RfbClient, rfbMessages } from "./gateway-rfb-client.js";
import { startDesktop, type TestDesktop } from "./gateway-xvnc.js";
import {
  createSkillPod,
  dropNamespaces,
  ensureCrds,
  tenantNamespace,
  type Ref,
} from "./workspaces-fixtures.js";

const cases = Number(process.env.GATEWAY_FUZZ_CASES ?? 10_000);
const concurrency = 16;
const maxMessageBytes = 64 * 1024;
/** A case whose bytes leave the parser waiting (a truncated message) is ended by the client after this. */
const quietMs = 300;

let running: RunningGateway;
let desktop: TestDesktop;
let redis: Redis;
let ref: Ref;
const ownerId = randomUUID();

/** mulberry32: a seeded generator, so a failing case can be replayed from its seed and index. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const seed = Number(process.env.GATEWAY_FUZZ_SEED ?? Date.now() % 2 ** 31);
const random = generator(seed);
const int = (n: number): number => Math.floor(random() * n);
const bytes = (n: number): Buffer => Buffer.from(Array.from({ length: n }, () => int(256)));
const known = new Set([0, 2, 3, 4, 5, 6, 150, 248, 251, 255]);
const unknownType = (): number => {
  for (;;) {
    const type = int(256);
    if (!known.has(type)) return type;
  }
};
const u32 = (v: number): Buffer => {
  const b = Buffer.alloc(4);
  b.writeUInt32BE(v >>> 0);
  return b;
};

type Case = {
  kind: string;
  /** Sent after the handshake (or instead of it, for handshake cases). */
  frames: Buffer[];
  handshake: boolean;
  /** The close codes this case may end with; undefined: any gateway close with a reason, or none at all. */
  expect?: number[];
};

const splitAnywhere = (data: Buffer): Buffer[] => {
  if (data.length < 2) return [data];
  const at = 1 + int(data.length - 1);
  return [data.subarray(0, at), data.subarray(at)];
};

const makers: (() => Case)[] = [
  () => ({
    kind: "unknown type",
    frames: splitAnywhere(Buffer.concat([Buffer.from([unknownType()]), bytes(int(64))])),
    handshake: true,
    expect: [rfbCloseCodes.unknownMessage],
  }),
  () => ({
    kind: "huge cut text",
    frames: [
      Buffer.concat([Buffer.from([6, 0, 0, 0]), u32(maxMessageBytes + int(0x7fff_0000)), bytes(int(32))]),
    ],
    handshake: true,
    expect: [rfbCloseCodes.tooLarge],
  }),
  () => ({
    kind: "negative cut text",
    // High bit set: extended clipboard; an absolute value past the maximum is too large.
    frames: [
      Buffer.concat([Buffer.from([6, 0, 0, 0]), u32(0x8000_0000 + int(0x7fff_0000 - maxMessageBytes))]),
    ],
    handshake: true,
    expect: [rfbCloseCodes.tooLarge],
  }),
  () => ({
    kind: "too many encodings",
    frames: [Buffer.concat([Buffer.from([2, 0, 0xff, 0xff]), bytes(int(64))])],
    handshake: true,
    expect: [rfbCloseCodes.tooLarge],
  }),
  () => ({
    kind: "fence payload over 64",
    frames: [
      Buffer.concat([Buffer.from([248, 0, 0, 0]), u32(0), Buffer.from([65 + int(191)]), bytes(int(200))]),
    ],
    handshake: true,
    expect: [rfbCloseCodes.malformed],
  }),
  () => ({
    kind: "bad pixel format",
    frames: [Buffer.concat([Buffer.from([0, 0, 0, 0, [1, 7, 12, 24, 33, 64][int(6)] ?? 7, 8]), bytes(14)])],
    handshake: true,
    expect: [rfbCloseCodes.malformed],
  }),
  () => ({
    kind: "qemu subtype",
    frames: [Buffer.concat([Buffer.from([255, 1 + int(255)]), bytes(10)])],
    handshake: true,
    expect: [rfbCloseCodes.malformed],
  }),
  () => ({
    kind: "oversized frame",
    frames: [Buffer.concat([rfbMessages.cutText("x"), bytes(maxMessageBytes + 1 + int(1024))])],
    handshake: true,
    expect: [1009],
  }),
  () => ({
    kind: "truncated then unknown",
    // A message cut short, then the rest of the stream is an unknown type: the parser must not resync on it.
    frames: [
      Buffer.concat([rfbMessages.key(true, 0x61).subarray(0, 1 + int(7)), Buffer.from([250]), bytes(16)]),
    ],
    handshake: true,
  }),
  () => ({
    kind: "truncated",
    frames: [
      [rfbMessages.pointer(0, 1, 1), rfbMessages.updateRequest(true, 9, 9), rfbMessages.key(true, 1)][
        int(3)
      ]!.subarray(0, 1 + int(4)),
    ],
    handshake: true,
  }),
  () => ({ kind: "random bytes", frames: splitAnywhere(bytes(1 + int(512))), handshake: true }),
  () => ({
    kind: "bad handshake",
    // Any version but 3.3, 3.7 and 3.8 (the major is never 3).
    frames: [
      Buffer.concat([
        Buffer.from(`RFB 00${[0, 1, 2, 4, 5, 6, 7, 8, 9][int(9)]}.00${int(10)}\n`, "latin1"),
        bytes(int(8)),
      ]),
    ],
    handshake: false,
    expect: [rfbCloseCodes.handshake],
  }),
  () => ({
    kind: "random handshake",
    frames: [bytes(12 + int(20))],
    handshake: false,
    expect: [rfbCloseCodes.handshake],
  }),
];

type Outcome = { kind: string; code: number | "open"; reason: string };

async function runCase(index: number, c: Case): Promise<Outcome> {
  const ticket = await issueDesktopTicket(redis, { userId: ownerId, ...ref, mode: "interactive" }, 30);
  const client = await RfbClient.connect(`${running.url}?ticket=${ticket.ticket}`);
  try {
    if (c.handshake) await client.handshake();
    for (const frame of c.frames) client.send(frame);
    // A case that must close gets time for it on a loaded machine; one that may legitimately wait, quietMs.
    const closed = await Promise.race([
      client.closed,
      sleep(c.expect ? 10_000 : quietMs).then(() => undefined),
    ]);
    if (!closed) {
      client.socket.terminate();
      return { kind: c.kind, code: "open", reason: "" };
    }
    return { kind: c.kind, ...closed };
  } catch (error) {
    throw new Error(`case ${index} (${c.kind}, seed ${seed}) failed: ${String(error)}`);
  }
}

beforeAll(async () => {
  await ensureCrds();
  [desktop, running] = await Promise.all([
    startDesktop(`10.244.255.${10 + Math.floor(Math.random() * 200)}`),
    startGateway({ GATEWAY_MAX_MESSAGE_BYTES: String(maxMessageBytes), GATEWAY_MAX_SESSIONS: "100" }),
  ]);
  redis = new Redis(process.env.REDIS_URL ?? "");
  const namespace = await tenantNamespace();
  ref = await createSkillPod({ namespace, ownerId });
  await exposeDesktop(ref, desktop);
});

afterAll(async () => {
  if (process.env.GATEWAY_TEST_LOG) console.log(desktop?.log());
  await running?.gateway.drain(0);
  await running?.gateway.close();
  redis?.disconnect();
  await dropNamespaces();
  await desktop?.stop();
});

describe("gateway fuzz", () => {
  it(
    `survives ${cases} malformed cases, closing each bad connection with a reason`,
    { timeout: 1_800_000 },
    async () => {
      const good = await RfbClient.connect(
        `${running.url}?ticket=${(await issueDesktopTicket(redis, { userId: ownerId, ...ref, mode: "interactive" }, 30)).ticket}`,
      );
      const init = await good.handshake();
      good.send(rfbMessages.setEncodings([0]));
      let goodUpdates = 0;
      let fuzzing = true;
      const goodStream = (async () => {
        while (fuzzing) {
          good.send(rfbMessages.updateRequest(false, 800, 600));
          expect(await good.readFramebufferUpdate(init.bitsPerPixel / 8)).toBe(800 * 600);
          goodUpdates += 1;
          await sleep(200);
        }
      })();

      const outcomes: Outcome[] = [];
      let next = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < cases) {
            const index = next++;
            outcomes.push(await runCase(index, makers[index % makers.length]!()));
          }
        }),
      );
      fuzzing = false;
      await goodStream;

      const byKind = new Map<string, Record<string, number>>();
      for (const o of outcomes) {
        const counts = byKind.get(o.kind) ?? {};
        counts[String(o.code)] = (counts[String(o.code)] ?? 0) + 1;
        byKind.set(o.kind, counts);
      }
      console.log(`gateway fuzz (seed ${seed}): ${outcomes.length} cases`, Object.fromEntries(byKind));

      expect(outcomes).toHaveLength(cases);
      const expectations = new Map(makers.map((make) => [make().kind, make().expect]));
      for (const o of outcomes) {
        const expected = expectations.get(o.kind);
        if (expected) expect(expected, `${o.kind} ended with ${o.code} (seed ${seed})`).toContain(o.code);
        if (o.code === "open") continue;
        // Every close the gateway chose carries a reason; the browser never sees 1006 or 1011 here.
        expect(o.reason, `${o.kind} closed ${o.code} without a reason (seed ${seed})`).not.toBe("");
        expect([1006, 1011]).not.toContain(o.code);
      }

      // The good session streamed throughout and is still whole.
      expect(goodUpdates).toBeGreaterThan(0);
      expect(good.open).toBe(true);
      good.send(rfbMessages.updateRequest(false, 800, 600));
      expect(await good.readFramebufferUpdate(init.bitsPerPixel / 8)).toBe(800 * 600);
      // Every bad session is gone from the process; only the good one is left.
      await expect.poll(() => running.gateway.registry.size, { timeout: 10_000 }).toBe(1);
      expect(sampleOf(await metricsOf(running.base), "skillpod_gateway_sessions", 'mode="interactive"')).toBe(
        1,
      );
      good.close();
    },
  );
});
