// Tracing against the real app over real HTTP (inject never reaches the http server instrumentation): an
// incoming traceparent becomes the parent of the request's spans, and the request's log lines carry its
// trace id and request id.
import { SpanKind } from "@opentelemetry/api";
import type { NodeSDK } from "@opentelemetry/sdk-node";
import { InMemorySpanExporter, type ReadableSpan } from "@opentelemetry/sdk-trace";
import type { FastifyInstance } from "fastify";
import { randomBytes } from "node:crypto";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { serviceName, startTelemetry } from "../src/telemetry.js";

type LogLine = { msg?: string; reqId?: string; traceId?: string; [key: string]: unknown };

const exporter = new InMemorySpanExporter();
const logLines: LogLine[] = [];
const logStream = { write: (line: string): void => void logLines.push(JSON.parse(line) as LogLine) };

let sdk: NodeSDK | undefined;
let app: FastifyInstance | undefined;
let baseUrl: string;

beforeAll(async () => {
  sdk = startTelemetry({ OTEL_EXPORTER_OTLP_ENDPOINT: undefined }, { spanExporter: exporter });
  // Only now the app's modules: Fastify must require node:http after the instrumentation hooked it.
  const { testConfig } = await import("./app-harness.js");
  const { buildApp } = await import("../src/app.js");
  const config = testConfig({
    LOG_LEVEL: "info",
    RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
    RATE_LIMIT_DEFAULT_PER_MINUTE: "100000",
  });
  app = await buildApp(config, { logStream });
  await app.listen({ host: "127.0.0.1", port: 0 });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await app?.close();
  // Undoes the global registration and the node:http patch, so nothing carries over to another file.
  await sdk?.shutdown();
});

async function eventually<T>(find: () => T | undefined, what: string): Promise<T> {
  for (let attempt = 0; attempt < 100; attempt += 1) {
    const found = find();
    if (found !== undefined) return found;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

const spansOf = (traceId: string): ReadableSpan[] =>
  exporter.getFinishedSpans().filter((span) => span.spanContext().traceId === traceId);

/** The request's log lines, once its closing "request completed" line has been written. */
async function logLinesOf(reqId: string): Promise<LogLine[]> {
  return eventually(() => {
    const lines = logLines.filter((line) => line.reqId === reqId);
    return lines.some((line) => line.msg === "request completed") ? lines : undefined;
  }, `the log lines of request ${reqId}`);
}

describe("tracing", () => {
  it("makes the request a child of the incoming traceparent and logs its trace id and request id", async () => {
    const traceId = randomBytes(16).toString("hex");
    const parentSpanId = randomBytes(8).toString("hex");
    const response = await fetch(`${baseUrl}/v1/me`, {
      headers: { traceparent: `00-${traceId}-${parentSpanId}-01` },
    });
    expect(response.status).toBe(401);
    const reqId = response.headers.get("x-request-id") ?? "";
    expect(reqId).toMatch(/^[0-9a-f-]{36}$/);

    const server = await eventually(
      () => spansOf(traceId).find((span) => span.parentSpanContext?.spanId === parentSpanId),
      "the server span",
    );
    expect(server.parentSpanContext?.traceId).toBe(traceId);
    expect(server.parentSpanContext?.isRemote).toBe(true);
    expect(server.kind).toBe(SpanKind.SERVER);
    expect(server.attributes["http.route"]).toBe("/v1/me");
    expect(server.attributes["http.response.status_code"]).toBe(401);
    expect(server.name).toBe("GET /v1/me");
    expect(server.resource.attributes["service.name"]).toBe(serviceName);
    // Fastify's own request span nests under the HTTP one, with hook and handler spans under it.
    const request = await eventually(
      () => spansOf(traceId).find((span) => span.attributes["fastify.root"] === "@fastify/otel"),
      "the Fastify request span",
    );
    expect(request.parentSpanContext?.spanId).toBe(server.spanContext().spanId);
    expect(request.attributes["http.route"]).toBe("/v1/me");

    const lines = await logLinesOf(reqId);
    expect(lines.map((line) => line.msg)).toEqual(
      expect.arrayContaining(["incoming request", "request completed"]),
    );
    for (const line of lines) expect(line, JSON.stringify(line)).toMatchObject({ reqId, traceId });
  });

  it("starts a new trace for a request without a traceparent, and logs that trace id", async () => {
    const response = await fetch(`${baseUrl}/v1/me`);
    const reqId = response.headers.get("x-request-id") ?? "";
    const lines = await logLinesOf(reqId);
    const traceId = lines[0]?.traceId ?? "";
    expect(traceId).toMatch(/^[0-9a-f]{32}$/);
    for (const line of lines) expect(line).toMatchObject({ reqId, traceId });
    const root = await eventually(
      () => spansOf(traceId).find((span) => span.parentSpanContext === undefined),
      "the root span",
    );
    expect(root.attributes["http.route"]).toBe("/v1/me");
  });

  it("leaves probes untraced", async () => {
    const traceId = randomBytes(16).toString("hex");
    const response = await fetch(`${baseUrl}/healthz`, {
      headers: { traceparent: `00-${traceId}-${randomBytes(8).toString("hex")}-01` },
    });
    expect(response.status).toBe(200);
    const lines = await logLinesOf(response.headers.get("x-request-id") ?? "");
    for (const line of lines) expect(line.traceId).toBeUndefined();
    expect(spansOf(traceId)).toEqual([]);
  });
});
