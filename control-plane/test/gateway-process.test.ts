// The gateway as its own process (`node --import tsx control-plane/src/gateway-main.ts`), the way a replica
// runs: ready on /readyz, a session through it, and SIGTERM drains: /readyz turns 503, new sessions are
// refused, the open one gets its grace period and then 1001, and the process exits 0.
import { freePort, NodeProcess } from "@skillpod/testkit";
import { Redis } from "ioredis";
import { randomUUID } from "node:crypto";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueDesktopTicket } from "../src/index.js";
import { exposeDesktop, gatewayEnv, metricsOf, sampleOf } from "./gateway-harness.js";
import { RfbClient, UpgradeRefused, rfbMessages } from "./gateway-rfb-client.js";
import { startDesktop, type TestDesktop } from "./gateway-xvnc.js";
import {
  createSkillPod,
  dropNamespaces,
  ensureCrds,
  tenantNamespace,
  type Ref,
} from "./workspaces-fixtures.js";

let desktop: TestDesktop;
let redis: Redis;
let ref: Ref;
const ownerId = randomUUID();

function alive(pid: number | undefined): boolean {
  try {
    process.kill(pid ?? 0, 0);
    return true;
  } catch {
    return false;
  }
}

const ticket = async (): Promise<string> =>
  (await issueDesktopTicket(redis, { userId: ownerId, ...ref, mode: "interactive" }, 30)).ticket;

beforeAll(async () => {
  await ensureCrds();
  desktop = await startDesktop(`10.244.255.${10 + Math.floor(Math.random() * 200)}`);
  redis = new Redis(process.env.REDIS_URL ?? "");
  ref = await createSkillPod({ namespace: await tenantNamespace(), ownerId });
  await exposeDesktop(ref, desktop);
});

afterAll(async () => {
  redis?.disconnect();
  await dropNamespaces();
  await desktop?.stop();
});

describe("the gateway process", () => {
  it("serves a session, then drains on SIGTERM: 503 ready, refusals, 1001 after the grace, exit 0", async () => {
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const gateway = await NodeProcess.start({
      entry: "control-plane/src/gateway-main.ts",
      env: gatewayEnv({ GATEWAY_PORT: String(port), GATEWAY_DRAIN_SECONDS: "2", LOG_LEVEL: "info" }),
      readyUrl: `${base}/readyz`,
    });
    try {
      expect(await (await fetch(`${base}/healthz`)).json()).toEqual({ status: "ok" });
      const client = await RfbClient.connect(`ws://127.0.0.1:${port}/v1/desktop?ticket=${await ticket()}`);
      const init = await client.handshake();
      client.send(rfbMessages.setEncodings([0]), rfbMessages.updateRequest(false, 800, 600));
      expect(await client.readFramebufferUpdate(init.bitsPerPixel / 8)).toBe(800 * 600);
      expect(sampleOf(await metricsOf(base), "skillpod_gateway_sessions", 'mode="interactive"')).toBe(1);

      const signalled = Date.now();
      process.kill(gateway.pid ?? 0, "SIGTERM");
      await expect.poll(async () => (await fetch(`${base}/readyz`)).status, { timeout: 1500 }).toBe(503);
      const refused: unknown = await RfbClient.connect(
        `ws://127.0.0.1:${port}/v1/desktop?ticket=${await ticket()}`,
      ).then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(refused).toBeInstanceOf(UpgradeRefused);
      expect((refused as UpgradeRefused).status).toBe(503);
      // Still served during the grace period.
      client.send(rfbMessages.updateRequest(false, 800, 600));
      expect(await client.readFramebufferUpdate(init.bitsPerPixel / 8)).toBe(800 * 600);

      const closed = await client.closed;
      expect(closed.code).toBe(1001);
      expect(closed.reason).not.toBe("");
      expect(Date.now() - signalled).toBeGreaterThanOrEqual(1900);
      // It exits by itself once drained (a second SIGTERM would make it exit 1 at once).
      await expect.poll(() => alive(gateway.pid), { timeout: 15_000 }).toBe(false);
      const code = await gateway.stop();
      expect(code, gateway.output.join("").slice(-3000)).toBe(0);
      expect(gateway.output.join("")).toContain("Started the session gateway");
    } finally {
      await gateway.stop();
    }
  });
});
