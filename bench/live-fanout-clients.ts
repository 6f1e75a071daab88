// The live-fanout bench's other side, in a process of its own so the server keeps its own to itself:
// opens the sockets, publishes events the way producers do (publishLiveEvent: XADD per recipient, one
// PUBLISH), and times each delivery from just before the publish call to the frame's arrival.
import { publishLiveEvent } from "@skillpod/live-events";
import { Redis } from "ioredis";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import WebSocket from "ws";

export type ClientsInput = {
  url: string;
  redisUrl: string;
  sockets: { userId: string; ticket: string }[];
  paced: { rate: number; seconds: number; recipients: number };
  burst: { seconds: number; inFlight: number; recipients: number };
  broadcasts: number;
};

export type PhaseResult = {
  phase: string;
  messages: number;
  deliveries: number;
  expected: number;
  seconds: number;
  latenciesMs: number[];
  /** [ms into the phase when sent, latency ms] of deliveries over 50 ms (the first 200). */
  lateMs: [number, number][];
};

export type ClientsOutput = { connectSeconds: number; phases: PhaseResult[]; closes: Record<string, number> };

type Phase = {
  name: string;
  latencies: number[];
  delivered: number;
  started: number;
  late: [number, number][];
};

// Set by the first IPC message, before anything below runs.
let input: ClientsInput = {
  url: "",
  redisUrl: "",
  sockets: [],
  paced: { rate: 0, seconds: 0, recipients: 0 },
  burst: { seconds: 0, inFlight: 0, recipients: 0 },
  broadcasts: 0,
};
let current: Phase = { name: "none", latencies: [], delivered: 0, started: 0, late: [] };
const closes: Record<string, number> = {};

function onFrame(data: Buffer): void {
  const frame = JSON.parse(data.toString()) as { data?: { sentAt?: number; phase?: string } };
  if (frame.data?.phase !== current.name || frame.data.sentAt === undefined) return;
  const latency = performance.now() - frame.data.sentAt;
  current.latencies.push(latency);
  if (latency > 50 && current.late.length < 200)
    current.late.push([Math.round(frame.data.sentAt - current.started), Math.round(latency)]);
  current.delivered++;
}

async function open(url: string, ticket: string): Promise<WebSocket> {
  const socket = new WebSocket(`${url}?ticket=${ticket}`, undefined, { perMessageDeflate: false });
  socket.on("message", onFrame);
  socket.on("close", (code) => (closes[String(code)] = (closes[String(code)] ?? 0) + 1));
  await new Promise<void>((resolve, reject) => {
    socket.once("open", () => resolve());
    socket.once("error", reject);
  });
  return socket;
}

async function openAll(): Promise<WebSocket[]> {
  const sockets: WebSocket[] = [];
  const queue = [...input.sockets];
  await Promise.all(
    Array.from({ length: 50 }, async () => {
      for (let next = queue.shift(); next; next = queue.shift())
        sockets.push(await open(input.url, next.ticket));
    }),
  );
  return sockets;
}

let userIds: string[] = [];

function recipients(count: number): string[] {
  const chosen = new Set<string>();
  while (chosen.size < Math.min(count, userIds.length)) {
    chosen.add(userIds[Math.floor(Math.random() * userIds.length)] ?? "");
  }
  return [...chosen];
}

async function send(redis: Redis, to: string[], seq: number): Promise<void> {
  const data = { phase: current.name, seq, sentAt: performance.now() };
  await publishLiveEvent(redis, to, { type: "message.created", data });
}

/** Waits until `expected` deliveries arrived, or 10 s more. */
async function drained(expected: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (current.delivered < expected && Date.now() < deadline) await sleep(20);
}

async function phase(
  name: string,
  run: () => Promise<{ messages: number; expected: number }>,
): Promise<PhaseResult> {
  const started = performance.now();
  current = { name, latencies: [], delivered: 0, started, late: [] };
  const { messages, expected } = await run();
  await drained(expected);
  const seconds = (performance.now() - started) / 1000;
  return {
    phase: name,
    messages,
    deliveries: current.delivered,
    expected,
    seconds,
    latenciesMs: current.latencies,
    lateMs: current.late,
  };
}

async function paced(redis: Redis): Promise<{ messages: number; expected: number }> {
  const { rate, seconds, recipients: count } = input.paced;
  const total = rate * seconds;
  const start = performance.now();
  const pending: Promise<void>[] = [];
  for (let seq = 0; seq < total; seq++) {
    const due = start + (seq * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    pending.push(send(redis, recipients(count), seq));
  }
  await Promise.all(pending);
  return { messages: total, expected: total * count };
}

async function burst(redis: Redis): Promise<{ messages: number; expected: number }> {
  const { seconds, inFlight, recipients: count } = input.burst;
  const deadline = performance.now() + seconds * 1000;
  let messages = 0;
  await Promise.all(
    Array.from({ length: inFlight }, async () => {
      while (performance.now() < deadline) await send(redis, recipients(count), messages++);
    }),
  );
  return { messages, expected: messages * count };
}

async function broadcast(redis: Redis): Promise<{ messages: number; expected: number }> {
  for (let seq = 0; seq < input.broadcasts; seq++) {
    await send(redis, userIds, seq);
    await sleep(1000);
  }
  return { messages: input.broadcasts, expected: input.broadcasts * userIds.length };
}

async function main(): Promise<ClientsOutput> {
  userIds = input.sockets.map((s) => s.userId);
  const redis = new Redis(input.redisUrl);
  const connectStarted = performance.now();
  const sockets = await openAll();
  const connectSeconds = (performance.now() - connectStarted) / 1000;
  await sleep(1000);
  const phases = [
    await phase("paced", () => paced(redis)),
    await phase("burst", () => burst(redis)),
    await phase("broadcast", () => broadcast(redis)),
  ];
  for (const socket of sockets) socket.close();
  await sleep(500);
  await redis.quit();
  return { connectSeconds, phases, closes };
}

process.once("message", (message: ClientsInput) => {
  input = message;
  void main().then(
    (output) => process.send?.(output, () => process.exit(0)),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
});
