// The control plane's Temporal client carries the request's trace into the workflows it starts: the real app's
// client (app.temporal, as plugins/app/temporal.ts builds it) against the stack's Temporal, spans in memory.
// The started workflow's header `_tracer-data` is what the workers' interceptors read to continue the trace.
import { trace } from "@opentelemetry/api";
import type { NodeSDK } from "@opentelemetry/sdk-node";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace";
import { parseTraceparent } from "@skillpod/api";
import { waitFor } from "@skillpod/testkit";
import type { FastifyInstance } from "fastify";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTelemetry } from "../src/telemetry.js";

const exporter = new InMemorySpanExporter();
const run = randomBytes(4).toString("hex");
const workflowId = `traced-start-${run}`;
let sdk: NodeSDK | undefined;
let app: FastifyInstance | undefined;

beforeAll(async () => {
  sdk = startTelemetry({ OTEL_EXPORTER_OTLP_ENDPOINT: undefined }, { spanExporter: exporter });
  const { buildTestApp } = await import("./app-harness.js");
  app = await buildTestApp();
});

afterAll(async () => {
  await app?.temporal.workflow
    .getHandle(workflowId)
    .terminate("test over")
    .catch(() => undefined);
  await app?.close();
  await sdk?.shutdown();
});

describe("the control plane's Temporal client", () => {
  it("starts a workflow as a child of the active span and hands that trace to the workflow", async () => {
    const request = await trace.getTracer("test").startActiveSpan("POST /v1/contracts", async (span) => {
      // Nobody polls this task queue: the start is recorded, the workflow never runs.
      await app!.temporal.workflow.start("tracedStart", { taskQueue: `traced-start-${run}`, workflowId });
      span.end();
      return span.spanContext();
    });

    const start = await waitFor("the StartWorkflow span", () =>
      Promise.resolve(exporter.getFinishedSpans().find((s) => s.name === "StartWorkflow:tracedStart")),
    );
    expect(start.spanContext().traceId).toBe(request.traceId);
    expect(start.parentSpanContext?.spanId).toBe(request.spanId);

    const history = await app!.temporal.workflow.getHandle(workflowId).fetchHistory();
    const payload =
      history.events?.[0]?.workflowExecutionStartedEventAttributes?.header?.fields?.["_tracer-data"];
    const carried = JSON.parse(Buffer.from(payload?.data ?? []).toString("utf8")) as { traceparent?: string };
    expect(parseTraceparent(carried.traceparent)).toMatchObject({
      traceId: request.traceId,
      spanId: start.spanContext().spanId,
    });
  });
});
