// Tracing for the workers: Temporal's OpenTelemetry plugin puts client, workflow and activity interceptors
// in place, so a trace started by the control plane continues through the workflow into its activities.
// The plugin is built on OpenTelemetry JS 1.x, hence the 1.x SDK here (the control plane runs 2.x).
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { Resource } from "@opentelemetry/resources";
import {
  BatchSpanProcessor,
  NoopSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import { OpenTelemetryPlugin } from "@temporalio/interceptors-opentelemetry";
import { trace } from "@opentelemetry/api";

export const serviceName = "skillpod-workers";

export type WorkersTelemetry = { plugin: OpenTelemetryPlugin; shutdown: () => Promise<void> };

function processorFor(endpoint: string | undefined, exporter: SpanExporter | undefined): SpanProcessor {
  if (exporter !== undefined) return new SimpleSpanProcessor(exporter);
  if (endpoint !== undefined) {
    return new BatchSpanProcessor(
      new OTLPTraceExporter({ url: `${endpoint.replace(/\/+$/, "")}/v1/traces` }),
    );
  }
  // Without a collector spans are still made, so log lines can carry trace ids that match the control plane's.
  return new NoopSpanProcessor();
}

/**
 * Registers the global tracer provider (with async-context propagation) and returns Temporal's plugin for
 * the workers and clients. `exporter` replaces OTLP in tests.
 */
export function startWorkersTelemetry(options: {
  otlpEndpoint?: string;
  exporter?: SpanExporter;
}): WorkersTelemetry {
  const resource = new Resource({ "service.name": serviceName });
  const spanProcessor = processorFor(options.otlpEndpoint, options.exporter);
  const provider = new NodeTracerProvider({ resource, spanProcessors: [spanProcessor] });
  provider.register();
  const plugin = new OpenTelemetryPlugin({ resource, spanProcessor });
  return { plugin, shutdown: () => provider.shutdown() };
}

/** The active span's trace id, for log lines; undefined outside a traced activity. */
export function activeTraceId(): string | undefined {
  const context = trace.getActiveSpan()?.spanContext();
  return context && context.traceId !== "00000000000000000000000000000000" ? context.traceId : undefined;
}
