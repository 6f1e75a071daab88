import { FastifyOtelInstrumentation } from "@fastify/otel";
import { context as otelContext, propagation, trace } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { HttpInstrumentation } from "@opentelemetry/instrumentation-http";
import { NodeSDK, core } from "@opentelemetry/sdk-node";
import {
  BatchSpanProcessor,
  NoopSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace";
import type { IncomingMessage } from "node:http";
import type { ControlPlaneConfig } from "./config.js";

export const serviceName = "skillpod-control-plane";

/** Probes and scrapes arrive every few seconds from the kubelet and Prometheus: tracing them is noise. */
const untracedPaths = new Set(["/healthz", "/readyz", "/metrics"]);

export type TelemetryOptions = {
  /** Replaces the OTLP exporter (tests); spans reach it as each one ends, not in batches. */
  spanExporter?: SpanExporter;
};

/** The active span's trace id, for log lines; undefined outside a traced request. */
export function traceIdOf(): string | undefined {
  const context = trace.getActiveSpan()?.spanContext();
  return context && context.traceId !== "00000000000000000000000000000000" ? context.traceId : undefined;
}

function isUntraced(path: string | undefined): boolean {
  return untracedPaths.has((path ?? "").split("?", 1)[0] ?? "");
}

function spanProcessorFor(
  config: Pick<ControlPlaneConfig, "OTEL_EXPORTER_OTLP_ENDPOINT">,
  options: TelemetryOptions,
): SpanProcessor {
  if (options.spanExporter) return new SimpleSpanProcessor({ exporter: options.spanExporter });
  if (config.OTEL_EXPORTER_OTLP_ENDPOINT) {
    // The endpoint is the collector's base URL (as in the OTel spec); traces have their own path under it.
    const url = `${config.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, "")}/v1/traces`;
    return new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url }) });
  }
  // Spans are still made without a collector, so every request's log lines carry a trace id that
  // outgoing calls propagate: logs correlate across services even where nothing stores the traces.
  return new NoopSpanProcessor();
}

/** The SDK, whose shutdown also undoes what start registered globally, so a later start begins afresh. */
class ControlPlaneSDK extends NodeSDK {
  override async shutdown(): Promise<void> {
    await super.shutdown();
    for (const instrumentation of instrumentations ?? []) instrumentation.disable();
    trace.disable();
    propagation.disable();
    otelContext.disable();
  }
}

let instrumentations: (HttpInstrumentation | FastifyOtelInstrumentation)[] | undefined;

/**
 * One set per process, re-enabled by each start: require-in-the-middle hands node:http to a hook only once,
 * so a second HttpInstrumentation would never patch it, while a re-enabled one re-patches what it kept.
 */
function instrumentationsOnce(): (HttpInstrumentation | FastifyOtelInstrumentation)[] {
  instrumentations ??= [
    new HttpInstrumentation({
      ignoreIncomingRequestHook: (request: IncomingMessage) => isUntraced(request.url),
      // Background calls (informer watches, polling) would each start a trace of their own.
      requireParentforOutgoingSpans: true,
    }),
    // Hooked to Fastify's initialization channel: every instance is instrumented before its first plugin.
    new FastifyOtelInstrumentation({
      registerOnInitialization: true,
      ignorePaths: ({ url }) => isUntraced(url),
    }),
  ];
  return instrumentations;
}

/**
 * Starts tracing: W3C trace context in and out, a span per incoming HTTP request (a child of the caller's
 * traceparent) and per Fastify hook and handler, exported over OTLP/HTTP when an endpoint is configured.
 * Call it before the app's modules are imported: node:http is patched when it is next required.
 */
export function startTelemetry(
  config: Pick<ControlPlaneConfig, "OTEL_EXPORTER_OTLP_ENDPOINT">,
  options: TelemetryOptions = {},
): NodeSDK {
  const sdk = new ControlPlaneSDK({
    serviceName,
    textMapPropagator: new core.W3CTraceContextPropagator(),
    instrumentations: instrumentationsOnce(),
    spanProcessors: [spanProcessorFor(config, options)],
    // Without these the SDK would export metrics and logs to a default OTLP endpoint; metrics are
    // Prometheus' (/metrics) and logs go to stdout.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  for (const instrumentation of instrumentationsOnce()) {
    // After a shutdown (trace.disable) their tracers would still point at the previous, stopped provider.
    instrumentation.setTracerProvider(trace.getTracerProvider());
    instrumentation.enable();
  }
  return sdk;
}
