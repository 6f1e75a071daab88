import { pino } from "pino";
import { Gauge, Registry } from "prom-client";
import { afterEach, describe, expect, it } from "vitest";
import { startHealthServer, type HealthServer } from "./health-server.js";

const log = pino({ level: "silent" });
let server: HealthServer | undefined;

afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function start(isReady: () => boolean): Promise<string> {
  const registry = new Registry();
  new Gauge({ name: "test_gauge", help: "a test gauge", registers: [registry] }).set(7);
  server = await startHealthServer({ port: 0, host: "127.0.0.1", registry, isReady, log });
  return `http://127.0.0.1:${server.port}`;
}

describe("health server", () => {
  it("serves metrics in the Prometheus text format", async () => {
    const base = await start(() => true);
    const res = await fetch(`${base}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/plain; version=0\.0\.4/);
    expect(await res.text()).toContain("test_gauge 7");
  });

  it("answers /healthz while running and /readyz according to isReady", async () => {
    let ready = false;
    const base = await start(() => ready);
    const health = await fetch(`${base}/healthz`);
    expect([health.status, await health.text()]).toEqual([200, "ok"]);
    expect((await fetch(`${base}/readyz`)).status).toBe(503);
    ready = true;
    expect((await fetch(`${base}/readyz?verbose`)).status).toBe(200);
  });

  it("returns 404 for unknown paths and 405 for other methods", async () => {
    const base = await start(() => true);
    expect((await fetch(`${base}/nope`)).status).toBe(404);
    expect((await fetch(`${base}/healthz`, { method: "POST" })).status).toBe(405);
  });

  it("picks a free port for port 0 and closes even with keep-alive connections open", async () => {
    const base = await start(() => true);
    expect(server?.port).toBeGreaterThan(0);
    await fetch(`${base}/healthz`, { keepalive: true });
    await server?.close();
    server = undefined;
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
  });
});
