// TRUSTED_PROXIES: the portal's server calls the API for every browser, so behind it the API must count and
// record the browser's address (X-Forwarded-For) — but only when the peer is a proxy it trusts. From anyone
// else the header is the caller's own claim and is ignored: rate limits and the audit trail use the peer.
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { randomInt, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, expectProblem } from "./app-harness.js";
import { dropKeysUnder, rateLimitNamespace } from "./callers.js";

const proxy = "192.0.2.10";
const namespace = rateLimitNamespace("trusted-proxies");
// Two public requests a minute per address: the third tells whose budget was spent.
const limited = { RATE_LIMIT_NAMESPACE: namespace, RATE_LIMIT_PUBLIC_PER_MINUTE: "2" };

/** A documentation-range address no other request of this file uses: a fresh budget. */
const used = new Set<string>();
function unusedAddress(network: "198.51.100" | "192.0.2"): string {
  let address = `${network}.${randomInt(100, 255)}`;
  while (used.has(address)) address = `${network}.${randomInt(100, 255)}`;
  used.add(address);
  return address;
}
const browser = (): string => unusedAddress("198.51.100");

let behindProxy: FastifyInstance;
let direct: FastifyInstance;
let unconfigured: FastifyInstance;
beforeAll(async () => {
  [behindProxy, direct, unconfigured] = await Promise.all([
    buildTestApp({ ...limited, TRUSTED_PROXIES: `10.0.0.0/8, ${proxy}` }),
    buildTestApp({ ...limited, TRUSTED_PROXIES: "10.0.0.1" }),
    buildTestApp(limited),
  ]);
});
afterAll(async () => {
  if (behindProxy) await dropKeysUnder(behindProxy.redis, namespace);
  await Promise.all([behindProxy?.close(), direct?.close(), unconfigured?.close()]);
});

/** Sign-out: public (counted per address) and state-changing (audited), harmless without a cookie. */
function logout(
  app: FastifyInstance,
  peer: string,
  forwardedFor: string,
  requestId = randomUUID(),
): Promise<LightMyRequestResponse> {
  return app.inject({
    method: "POST",
    url: "/v1/auth/logout",
    remoteAddress: peer,
    headers: { "x-forwarded-for": forwardedFor, "x-request-id": requestId },
  });
}

/** The address the audit trail recorded for a request (written just after the response). */
async function auditedIp(app: FastifyInstance, requestId: string): Promise<string | null | undefined> {
  for (let tries = 0; tries < 50; tries += 1) {
    const event = await app.prisma.auditEvent.findFirst({ where: { requestId }, select: { ip: true } });
    if (event) return event.ip;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return undefined;
}

describe("behind a trusted proxy", () => {
  it("counts each browser's address (X-Forwarded-For) in its own budget", async () => {
    const [ann, bob] = [browser(), browser()];
    expect((await logout(behindProxy, proxy, ann)).statusCode).toBe(204);
    expect((await logout(behindProxy, proxy, ann)).statusCode).toBe(204);
    expectProblem(await logout(behindProxy, proxy, ann), 429, "SKP_RATE_LIMITED");
    // Another browser through the same proxy, and a proxy matched by CIDR, have budgets of their own.
    expect((await logout(behindProxy, proxy, bob)).statusCode).toBe(204);
    expect((await logout(behindProxy, "10.1.2.3", browser())).statusCode).toBe(204);
  });

  it("records the browser's address in the audit trail", async () => {
    const address = browser();
    const requestId = randomUUID();
    expect((await logout(behindProxy, proxy, address, requestId)).statusCode).toBe(204);
    expect(await auditedIp(behindProxy, requestId)).toBe(address);
  });

  it("believes only the hop the proxy added: an address the browser wrote itself is ignored", async () => {
    const address = browser();
    const requestId = randomUUID();
    const spoofed = `203.0.113.${randomInt(1, 255)}, ${address}`;
    expect((await logout(behindProxy, proxy, spoofed, requestId)).statusCode).toBe(204);
    expect(await auditedIp(behindProxy, requestId)).toBe(address);
  });
});

describe("from a peer that is not a trusted proxy", () => {
  for (const [label, app] of [
    ["another proxy is trusted", (): FastifyInstance => direct],
    ["TRUSTED_PROXIES is unset", (): FastifyInstance => unconfigured],
  ] as const)
    it(`ignores X-Forwarded-For when ${label}: the peer's budget and the peer's address`, async () => {
      const peer = unusedAddress("192.0.2");
      expect((await logout(app(), peer, browser())).statusCode).toBe(204);
      const requestId = randomUUID();
      expect((await logout(app(), peer, browser(), requestId)).statusCode).toBe(204);
      expectProblem(await logout(app(), peer, browser()), 429, "SKP_RATE_LIMITED");
      expect(await auditedIp(app(), requestId)).toBe(peer);
    });
});
