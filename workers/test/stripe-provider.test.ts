// The Stripe payment provider against the real stripe-mock (scripts/build-binaries.sh builds it), seen through a
// small recording HTTP proxy so the test can check what went over the wire and make the API stall or fail.
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync } from "node:fs";
import { createServer, request as httpRequest } from "node:http";
import type { IncomingHttpHeaders, IncomingMessage, Server, ServerResponse } from "node:http";
import { createServer as createTcpServer } from "node:net";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { stackEnv } from "@skillpod/testkit";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ChargeDeclinedError,
  PaymentProviderUnavailableError,
  PayoutDeclinedError,
  accountsFromMap,
  createStripePaymentProvider,
} from "../src/payments/index.js";
import type { ChargeRequest, PaymentProvider, PayoutRequest } from "../src/payments/index.js";

type Seen = {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  form: URLSearchParams;
  status?: number;
  responseHeaders?: IncomingHttpHeaders;
};

type Behaviour = { kind: "forward" } | { kind: "stall"; ms: number } | { kind: "unavailable" };

let stripeMock: ChildProcess;
let stripeMockAddress: string;
let proxy: Server;
let apiUrl: string;
let seen: Seen[] = [];
let behaviour: Behaviour = { kind: "forward" };

const accounts = { u_ada: "acct_1AdaLovelace000" };
const resolveAccount = accountsFromMap(accounts);

function startStripeMock(): Promise<{ child: ChildProcess; address: string }> {
  const binary = join(stackEnv("SKILLPOD_BIN"), "stripe-mock");
  if (!existsSync(binary)) throw new Error(`${binary} is missing: run scripts/build-binaries.sh stripe-mock`);
  // Both listeners on loopback with ports the kernel picks; HTTPS cannot be switched off alongside -http-addr.
  const child = spawn(binary, ["-http-addr", "127.0.0.1:0", "-https-addr", "127.0.0.1:0"], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stripe-mock did not start: ${output}`)), 30_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /Listening for HTTP at address: (\S+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve({ child, address: match[1] });
      }
    };
    child.stdout?.on("data", onData);
    child.stderr?.on("data", onData);
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`stripe-mock exited with ${code}: ${output}`));
    });
  });
}

type Upstream = { status: number; headers: IncomingHttpHeaders; body: Buffer };

function forward(req: IncomingMessage, body: Buffer): Promise<Upstream> {
  const [host, port] = stripeMockAddress.split(":");
  return new Promise((resolve, reject) => {
    const upstream = httpRequest(
      { host, port: Number(port), method: req.method, path: req.url, headers: req.headers },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () =>
          resolve({ status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      },
    );
    upstream.on("error", reject);
    upstream.end(body);
  });
}

async function respond(req: IncomingMessage, res: ServerResponse, body: Buffer, entry: Seen): Promise<void> {
  const now = behaviour;
  if (now.kind === "unavailable") {
    // Stripe's way of saying "try again": the SDK would retry this if its own retries were on.
    res.writeHead(503, { "content-type": "application/json", "stripe-should-retry": "true" });
    res.end(JSON.stringify({ error: { type: "api_error", message: "Injected outage" } }));
    entry.status = 503;
    return;
  }
  if (now.kind === "stall") await new Promise((resolve) => setTimeout(resolve, now.ms));
  try {
    const upstream = await forward(req, body);
    entry.status = upstream.status;
    entry.responseHeaders = upstream.headers;
    res.writeHead(upstream.status, upstream.headers).end(upstream.body);
  } catch (error) {
    res.writeHead(502).end(String(error));
  }
}

function startProxy(): Promise<Server> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const body = Buffer.concat(chunks);
      const entry: Seen = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        form: new URLSearchParams(body.toString()),
      };
      seen.push(entry);
      void respond(req, res, body, entry);
    });
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

async function closedPort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function payoutRequest(overrides: Partial<PayoutRequest> = {}): PayoutRequest {
  const id = randomBytes(6).toString("hex");
  return {
    idempotencyKey: `contract-c_${id}/payout-m_${id}/activity-7`,
    amountMinor: 90_000,
    currency: "EUR",
    destination: "u_ada",
    metadata: { contractId: `c_${id}`, milestoneId: `m_${id}` },
    ...overrides,
  };
}

function provider(overrides: { apiKey?: string; apiUrl?: string; timeoutMs?: number } = {}): PaymentProvider {
  return createStripePaymentProvider({
    apiKey: "sk_test_123",
    apiUrl,
    timeoutMs: 5_000,
    resolveAccount,
    ...overrides,
  });
}

beforeAll(async () => {
  const started = await startStripeMock();
  stripeMock = started.child;
  stripeMockAddress = started.address;
  proxy = await startProxy();
  apiUrl = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
});

afterAll(async () => {
  proxy?.closeAllConnections();
  await new Promise((resolve) => (proxy ? proxy.close(resolve) : resolve(undefined)));
  if (stripeMock && stripeMock.exitCode === null) {
    const exited = new Promise((resolve) => stripeMock.once("exit", resolve));
    stripeMock.kill("SIGTERM");
    await exited;
  }
});

beforeEach(() => {
  seen = [];
  behaviour = { kind: "forward" };
});

describe("Stripe payment provider on stripe-mock", () => {
  it("creates a transfer to the freelancer's connected account with the idempotency key", async () => {
    const request = payoutRequest();
    const payout = await provider().createPayout(request);
    expect(payout).toEqual({
      provider: "stripe",
      providerPayoutId: expect.stringMatching(/^tr_/) as string,
      status: "paid",
    });

    expect(seen).toHaveLength(1);
    const [call] = seen;
    expect(call?.method).toBe("POST");
    expect(call?.path).toBe("/v1/transfers");
    expect(call?.status).toBe(200);
    expect(call?.headers["idempotency-key"]).toBe(request.idempotencyKey);
    // stripe-mock echoes the key it was given.
    expect(call?.responseHeaders?.["idempotency-key"]).toBe(request.idempotencyKey);
    expect(Object.fromEntries(call?.form ?? [])).toEqual({
      amount: "90000",
      currency: "eur",
      destination: "acct_1AdaLovelace000",
      "metadata[contractId]": request.metadata.contractId,
      "metadata[milestoneId]": request.metadata.milestoneId,
      "metadata[freelancerId]": "u_ada",
    });
  });

  it("sends the same key on a retry of the same payout", async () => {
    const request = payoutRequest();
    await provider().createPayout(request);
    await provider().createPayout(request);
    expect(seen.map((s) => s.headers["idempotency-key"])).toEqual([
      request.idempotencyKey,
      request.idempotencyKey,
    ]);
  });

  it("maps an invalid request to PayoutDeclinedError", async () => {
    // stripe-mock validates against Stripe's OpenAPI spec: a fractional amount is not an integer.
    const attempt = provider().createPayout(payoutRequest({ amountMinor: 10.5 }));
    await expect(attempt).rejects.toBeInstanceOf(PayoutDeclinedError);
    await expect(attempt).rejects.toThrow(/StripeInvalidRequestError.*amount/);
    expect(seen.map((s) => s.status)).toEqual([400]);
  });

  it("declines a freelancer without a connected account before calling Stripe", async () => {
    const attempt = provider().createPayout(payoutRequest({ destination: "u_nobody" }));
    await expect(attempt).rejects.toBeInstanceOf(PayoutDeclinedError);
    expect(seen).toEqual([]);
  });

  it("maps an outage to PaymentProviderUnavailableError without retrying inside the SDK", async () => {
    behaviour = { kind: "unavailable" };
    const attempt = provider().createPayout(payoutRequest());
    await expect(attempt).rejects.toBeInstanceOf(PaymentProviderUnavailableError);
    await expect(attempt).rejects.toThrow(/StripeAPIError: Injected outage/);
    // The proxy asked for a retry (Stripe-Should-Retry: true); only Temporal may act on that.
    expect(seen).toHaveLength(1);
  });

  it("maps a timeout to PaymentProviderUnavailableError", async () => {
    behaviour = { kind: "stall", ms: 3_000 };
    const started = performance.now();
    const attempt = provider({ timeoutMs: 300 }).createPayout(payoutRequest());
    await expect(attempt).rejects.toBeInstanceOf(PaymentProviderUnavailableError);
    await expect(attempt).rejects.toThrow(/timeout/);
    expect(performance.now() - started).toBeLessThan(2_500);
  });

  it("maps an unreachable API to PaymentProviderUnavailableError", async () => {
    const attempt = provider({ apiUrl: `http://127.0.0.1:${await closedPort()}` }).createPayout(
      payoutRequest(),
    );
    await expect(attempt).rejects.toBeInstanceOf(PaymentProviderUnavailableError);
    await expect(attempt).rejects.toThrow(/StripeConnectionError|connection/i);
  });

  it("maps a rejected API key to PaymentProviderUnavailableError (a platform fault, not the freelancer's)", async () => {
    const attempt = provider({ apiKey: "not-a-stripe-key" }).createPayout(payoutRequest());
    await expect(attempt).rejects.toBeInstanceOf(PaymentProviderUnavailableError);
    expect(seen.map((s) => s.status)).toEqual([401]);
  });
});

function chargeRequest(overrides: Partial<ChargeRequest> = {}): ChargeRequest {
  const id = randomBytes(6).toString("hex");
  return {
    idempotencyKey: `deposit-${id}`,
    amountMinor: 25_000,
    currency: "USD",
    customer: "u_acme",
    paymentMethod: "pm_card_visa",
    metadata: { depositId: id },
    ...overrides,
  };
}

describe("Stripe charges (deposits) on stripe-mock", () => {
  it("creates a PaymentIntent confirmed at once, with the deposit's idempotency key", async () => {
    const request = chargeRequest();
    // stripe-mock answers every PaymentIntent with its fixture, status requires_payment_method: with no
    // browser to complete it, that is a decline here. What went over the wire is the point of this test.
    await expect(provider().createCharge(request)).rejects.toBeInstanceOf(ChargeDeclinedError);
    expect(seen).toHaveLength(1);
    const [call] = seen;
    expect(call?.method).toBe("POST");
    expect(call?.path).toBe("/v1/payment_intents");
    expect(call?.status).toBe(200);
    expect(call?.headers["idempotency-key"]).toBe(request.idempotencyKey);
    expect(Object.fromEntries(call?.form ?? [])).toEqual({
      amount: "25000",
      currency: "usd",
      payment_method: "pm_card_visa",
      confirm: "true",
      "automatic_payment_methods[enabled]": "true",
      "automatic_payment_methods[allow_redirects]": "never",
      "metadata[depositId]": request.metadata.depositId,
      "metadata[clientId]": "u_acme",
    });
  });

  it("maps an invalid request to ChargeDeclinedError and an outage to PaymentProviderUnavailableError", async () => {
    await expect(provider().createCharge(chargeRequest({ amountMinor: 10.5 }))).rejects.toBeInstanceOf(
      ChargeDeclinedError,
    );
    behaviour = { kind: "unavailable" };
    const attempt = provider().createCharge(chargeRequest());
    await expect(attempt).rejects.toBeInstanceOf(PaymentProviderUnavailableError);
    await expect(attempt).rejects.toThrow(/Stripe charge failed/);
    expect(seen.map((s) => s.status)).toEqual([400, 503]);
  });
});
