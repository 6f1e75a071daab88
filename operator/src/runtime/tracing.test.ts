import { SpanStatusCode, trace } from "@opentelemetry/api";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace";
import { traceparentAnnotation } from "@skillpod/api";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startOperatorTelemetry, type OperatorTelemetry } from "../telemetry.js";
import { activeTraceAnnotations, activeTraceId, tracedHandler } from "./tracing.js";
import { TerminalError, type ReconcileResult } from "./work-queue.js";

const parent = { traceId: "4bf92f3577b34da6a3ce929d0e0e4736", spanId: "00f067aa0ba902b7", traceFlags: 1 };
const exporter = new InMemorySpanExporter();
let telemetry: OperatorTelemetry;

beforeAll(async () => {
  telemetry = await startOperatorTelemetry(
    { OTEL_EXPORTER_OTLP_ENDPOINT: undefined },
    { spanExporter: exporter },
  );
});
afterAll(() => telemetry.shutdown());
beforeEach(() => exporter.reset());

function traced(
  handler: (key: string) => Promise<ReconcileResult>,
  parentOf: (namespace: string, name: string) => typeof parent | undefined = () => parent,
): (key: string) => Promise<ReconcileResult> {
  return tracedHandler(handler, {
    tracer: trace.getTracer("test"),
    spanName: "reconcile SkillPod",
    nameAttribute: "skillpod.name",
    parentOf,
  });
}

const onlySpan = (): ReturnType<InMemorySpanExporter["getFinishedSpans"]>[number] => {
  const spans = exporter.getFinishedSpans();
  expect(spans).toHaveLength(1);
  return spans[0]!;
};

describe("tracedHandler", () => {
  it("makes the reconcile a child of the object's traceparent, named after the key", async () => {
    const asked: string[] = [];
    await traced(
      () => Promise.resolve({}),
      (namespace, name) => {
        asked.push(`${namespace} ${name}`);
        return parent;
      },
    )("team-a/alpha");
    const span = onlySpan();
    expect(asked).toEqual(["team-a alpha"]);
    expect(span.name).toBe("reconcile SkillPod");
    expect(span.spanContext().traceId).toBe(parent.traceId);
    expect(span.parentSpanContext).toMatchObject({ spanId: parent.spanId, isRemote: true });
    expect(span.attributes).toMatchObject({
      "k8s.namespace.name": "team-a",
      "skillpod.name": "alpha",
      "reconcile.result": "success",
    });
  });

  it("starts a trace of its own when the object names no parent", async () => {
    await traced(
      () => Promise.resolve({}),
      () => undefined,
    )("team-a/alpha");
    const span = onlySpan();
    expect(span.parentSpanContext).toBeUndefined();
    expect(span.spanContext().traceId).not.toBe(parent.traceId);
  });

  it("keeps the span active across the handler's awaits, for log lines and writes", async () => {
    let inside: { traceId?: string; annotations?: Record<string, string> } = {};
    await traced(async () => {
      await sleep(5);
      inside = { traceId: activeTraceId(), annotations: activeTraceAnnotations() };
      return {};
    })("team-a/alpha");
    const span = onlySpan();
    expect(inside.traceId).toBe(parent.traceId);
    expect(inside.annotations).toEqual({
      [traceparentAnnotation]: `00-${parent.traceId}-${span.spanContext().spanId}-01`,
    });
    expect(activeTraceId()).toBeUndefined();
    expect(activeTraceAnnotations()).toEqual({});
  });

  it("records a requeue", async () => {
    await expect(traced(() => Promise.resolve({ requeueAfterMs: 1500 }))("team-a/alpha")).resolves.toEqual({
      requeueAfterMs: 1500,
    });
    expect(onlySpan().attributes).toMatchObject({
      "reconcile.result": "requeue",
      "reconcile.requeue_after_ms": 1500,
    });
  });

  it("marks a failed reconcile as an error and passes the error on", async () => {
    await expect(
      traced(() => Promise.reject(new Error("apiserver refused")))("team-a/alpha"),
    ).rejects.toThrow("apiserver refused");
    const span = onlySpan();
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: "apiserver refused" });
    expect(span.attributes["reconcile.result"]).toBe("error");
    expect(span.events.map((e) => e.name)).toEqual(["exception"]);
  });

  it("tells a terminal failure from one that is retried", async () => {
    await expect(traced(() => Promise.reject(new TerminalError("bad spec")))("team-a/alpha")).rejects.toThrow(
      TerminalError,
    );
    expect(onlySpan().attributes["reconcile.result"]).toBe("terminal");
  });
});
