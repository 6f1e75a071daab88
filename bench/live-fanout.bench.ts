// The live channel's fan-out on one control-plane process: 1,000 sockets (one user each), events published
// the way producers publish them, delivered through the process's one Redis subscriber. The sockets and the
// publisher run in a process of their own (bench/live-fanout-clients.ts), so the server has this one.
import { buildApp, issueLiveTicket, loadControlPlaneConfig } from "@skillpod/control-plane";
import { liveStreamKey, livePresenceKey } from "@skillpod/live-events";
import { stackEnv } from "@skillpod/testkit";
import type { FastifyInstance } from "fastify";
import { randomBytes, randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { loadavg } from "node:os";
import { join } from "node:path";
import { fork } from "node:child_process";
import type { ClientsInput, ClientsOutput, PhaseResult } from "./live-fanout-clients.js";

const settings = {
  sockets: Number(process.env.BENCH_LIVE_SOCKETS ?? 1000),
  rate: Number(process.env.BENCH_LIVE_RATE ?? 100),
  pacedSeconds: Number(process.env.BENCH_LIVE_PACED_SECONDS ?? 30),
  burstSeconds: Number(process.env.BENCH_LIVE_BURST_SECONDS ?? 10),
  burstInFlight: Number(process.env.BENCH_LIVE_BURST_IN_FLIGHT ?? 32),
  broadcasts: Number(process.env.BENCH_LIVE_BROADCASTS ?? 10),
};
const targetP99Ms = 50;
const unlimited = "1000000000";
const say = (message: string): void => console.log(`[live-fanout-bench] ${message}`);

async function startControlPlane(): Promise<FastifyInstance> {
  const config = loadControlPlaneConfig({
    APP_DATABASE_URL: stackEnv("TEST_APP_DATABASE_URL"),
    REDIS_URL: stackEnv("REDIS_URL"),
    TEMPORAL_ADDRESS: stackEnv("TEMPORAL_ADDRESS"),
    KUBECONFIG: stackEnv("KUBECONFIG"),
    MFA_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    INTERNAL_API_TOKEN: randomBytes(32).toString("hex"),
    LOG_LEVEL: "silent",
    // All sockets open from 127.0.0.1 within seconds.
    RATE_LIMIT_AUTHENTICATED_PER_MINUTE: unlimited,
    RATE_LIMIT_PUBLIC_PER_MINUTE: unlimited,
    LIVE_TICKET_TTL_SECONDS: "600",
  });
  const app = await buildApp(config);
  await app.listen({ host: "127.0.0.1", port: 0 });
  return app;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

const round = (value: number): number => Math.round(value * 10) / 10;

function rowOf(result: PhaseResult, label: string, target: boolean): Record<string, string | number> {
  const sorted = [...result.latenciesMs].sort((x, y) => x - y);
  const p99 = percentile(sorted, 99);
  return {
    phase: label,
    sockets: settings.sockets,
    messages: result.messages,
    "messages/s": round(result.messages / result.seconds),
    "deliveries/s": Math.round(result.deliveries / result.seconds),
    delivered: `${result.deliveries}/${result.expected}`,
    "p50 (ms)": round(percentile(sorted, 50)),
    "p99 (ms)": round(p99),
    "max (ms)": round(sorted.at(-1) ?? NaN),
    "over 50 ms": sorted.filter((l) => l > targetP99Ms).length,
    "p99 target": target ? `≤ ${targetP99Ms} ms` : "—",
    met: target ? (p99 <= targetP99Ms && result.deliveries === result.expected ? "✓" : "✗") : "—",
  };
}

async function runClients(input: ClientsInput): Promise<ClientsOutput> {
  const clients = fork(join(import.meta.dirname, "live-fanout-clients.ts"), [], {
    execArgv: ["--import", "tsx"],
  });
  clients.send(input);
  return new Promise((resolve, reject) => {
    clients.once("message", (output) => resolve(output as ClientsOutput));
    clients.once("error", reject);
    clients.once("exit", (code) => reject(new Error(`the clients process exited with ${code}`)));
  });
}

async function counterValue(app: FastifyInstance, name: string): Promise<number> {
  const metric = await app.metrics.getSingleMetric(name)?.get();
  return (metric?.values ?? []).reduce((sum, v) => sum + v.value, 0);
}

async function main(): Promise<void> {
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(" / ");
  const app = await startControlPlane();
  const url = `ws://127.0.0.1:${(app.server.address() as AddressInfo).port}/v1/live`;
  const userIds = Array.from({ length: settings.sockets }, () => `bench-live-${randomUUID()}`);
  const sockets = await Promise.all(
    userIds.map(async (userId) => ({
      userId,
      ticket: (await issueLiveTicket(app.redis, userId, 600)).ticket,
    })),
  );
  say(`opening ${settings.sockets} sockets`);
  const output = await runClients({
    url,
    redisUrl: stackEnv("REDIS_URL"),
    sockets,
    paced: { rate: settings.rate, seconds: settings.pacedSeconds, recipients: 2 },
    burst: { seconds: settings.burstSeconds, inFlight: settings.burstInFlight, recipients: 2 },
    broadcasts: settings.broadcasts,
  });
  const slowCloses = await counterValue(app, "skillpod_live_slow_consumer_closes_total");
  await app.close();
  await cleanUp(userIds);
  const [paced, burst, broadcast] = output.phases;
  if (!paced || !burst || !broadcast) throw new Error("a phase is missing");
  const rows = [
    rowOf(
      paced,
      `paced: ${settings.rate} messages/s for ${settings.pacedSeconds} s, 2 recipients each`,
      true,
    ),
    rowOf(
      burst,
      `as fast as it goes: ${settings.burstInFlight} publishes in flight, 2 recipients each`,
      false,
    ),
    rowOf(
      broadcast,
      `broadcast: ${settings.broadcasts} messages to all ${settings.sockets} users, 1/s`,
      false,
    ),
  ];
  const result = {
    name: "Live channel: WebSocket fan-out on one control-plane process",
    date: new Date().toISOString(),
    description:
      `${settings.sockets} live sockets (one user each, opened with tickets in ${output.connectSeconds.toFixed(1)} s) ` +
      "on one in-process control plane listening on 127.0.0.1; the sockets and the publisher share a second " +
      "Node process (bench/live-fanout-clients.ts). Each message is published as producers publish " +
      "(publishLiveEvent: an XADD to each recipient's stream in one MULTI, then one PUBLISH); the process's " +
      "one subscriber hands it to the recipients' sockets. Latency: just before the publish call → the frame " +
      "parsed by the client (same thread, one clock). messages/s and deliveries/s over the phase, including " +
      `its drain. Slow-consumer closes during the run: ${slowCloses}; close codes the clients saw (1005: their own close at the end): ` +
      `${JSON.stringify(output.closes)}. Load average when the run started: ${load}.`,
    rows,
  };
  writeFileSync(
    join(import.meta.dirname, "results", "live-fanout.json"),
    `${JSON.stringify(result, null, 2)}\n`,
  );
  console.table(rows);
  say(`paced deliveries over 50 ms ([ms into the phase, latency]): ${JSON.stringify(paced.lateMs)}`);
}

async function cleanUp(userIds: string[]): Promise<void> {
  const { Redis } = await import("ioredis");
  const redis = new Redis(stackEnv("REDIS_URL"));
  for (let i = 0; i < userIds.length; i += 200) {
    const batch = userIds.slice(i, i + 200);
    await redis.del(...batch.flatMap((id) => [liveStreamKey(id), livePresenceKey(id)]));
  }
  await redis.quit();
}

await main();
