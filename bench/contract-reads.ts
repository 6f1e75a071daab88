// The contract reads the portal's contract room makes, timed one request at a time over HTTP (no other
// load from this process): the target is p99 ≤ 25 ms for each.
import { performance } from "node:perf_hooks";
import type { HttpCaller } from "./http-caller.js";
import { percentile, round } from "./process-stats.js";

const readsPerRoute = Number(process.env.BENCH_API_READS ?? 300);
const targetMs = 25;

type Row = Record<string, string | number>;

const routes: { name: string; path: (contractId: string) => string }[] = [
  { name: "GET /v1/contracts (mine, first page)", path: () => "/v1/contracts" },
  { name: "GET /v1/contracts/:contractId", path: (id) => `/v1/contracts/${id}` },
  { name: "GET /v1/contracts/:contractId/payouts", path: (id) => `/v1/contracts/${id}/payouts` },
  { name: "GET /v1/contracts/:contractId/workspace", path: (id) => `/v1/contracts/${id}/workspace` },
  { name: "GET /v1/contracts/:contractId/timeline", path: (id) => `/v1/contracts/${id}/timeline` },
];

async function timed(caller: HttpCaller, paths: string[]): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < readsPerRoute; i += 1) {
    const started = performance.now();
    await caller.get(paths[i % paths.length] ?? "/v1/contracts");
    latencies.push(performance.now() - started);
  }
  return latencies;
}

/** p50/p99 of each read, cycling through the client's contracts made by this run. */
export async function measureContractReads(client: HttpCaller): Promise<Row[]> {
  const page = await client.get<{ items: { id: string }[] }>("/v1/contracts?limit=50");
  const ids = page.items.map((c) => c.id);
  if (ids.length === 0) throw new Error("the bench's client has no contracts to read");
  const rows: Row[] = [];
  for (const route of routes) {
    const latencies = await timed(client, ids.map(route.path));
    const p99 = percentile(latencies, 99);
    rows.push({
      read: route.name,
      requests: latencies.length,
      "p50 (ms)": round(percentile(latencies, 50), 1),
      "p99 (ms)": round(p99, 1),
      "p99 target": `≤ ${targetMs} ms`,
      met: p99 <= targetMs ? "✓" : "✗",
    });
  }
  return rows;
}
