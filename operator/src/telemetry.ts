// Tracing for the operator, as in the control plane (OpenTelemetry JS 2.x): a span per reconcile, exported
// over OTLP/HTTP when a collector is configured. No HTTP instrumentation: the operator's outgoing calls are
// informer watches and child writes, many per second, and the reconcile span already says what they were for.
import { context, propagation, trace } from "@opentelemetry/api";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BatchSpanProcessor,
  NoopSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace";
import { NodeTracerProvider } from "@opentelemetry/sdk-trace-node";
import type { OperatorConfig } from "./config.js";

export const serviceName = "skillpod-operator";

export type TelemetryOptions = {
  /** Replaces the OTLP exporter (tests); spans reach it as each one ends, not in batches. */
  spanExporter?: SpanExporter;
};

export type OperatorTelemetry = {
  /** Exports what is still buffered, then unregisters, so a later start begins afresh. */
  shutdown: () => Promise<void>;
};

async function spanProcessorFor(
  endpoint: string | undefined,
  options: TelemetryOptions,
): Promise<SpanProcessor> {
  if (options.spanExporter) return new SimpleSpanProcessor({ exporter: options.spanExporter });
  if (endpoint) {
    // Loaded only for a collector: the exporter and its OTLP encoders add ~11 MiB RSS to the process.
    const { OTLPTraceExporter } = await import("@opentelemetry/exporter-trace-otlp-http");
    // The endpoint is the collector's base URL (as in the OTel spec); traces have their own path under it.
    const url = `${endpoint.replace(/\/+$/, "")}/v1/traces`;
    return new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url }) });
  }
  // Spans are still made without a collector, so a reconcile's log lines carry the trace id of the change
  // that caused it: logs correlate with the control plane's and the workers' even where no traces are kept.
  return new NoopSpanProcessor();
}

/**
 * Registers the global tracer provider with async-context propagation (the reconcile's span is active in
 * everything it awaits). Call it before startOperator.
 */
export async function startOperatorTelemetry(
  config: Pick<OperatorConfig, "OTEL_EXPORTER_OTLP_ENDPOINT">,
  options: TelemetryOptions = {},
): Promise<OperatorTelemetry> {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ "service.name": serviceName }),
    spanProcessors: [await spanProcessorFor(config.OTEL_EXPORTER_OTLP_ENDPOINT, options)],
  });
  provider.register();
  return {
    shutdown: async () => {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}
