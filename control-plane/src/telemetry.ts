import { trace } from "@opentelemetry/api";

/** The active span's trace id, for log lines; undefined outside a traced request. */
export function traceIdOf(): string | undefined {
  const context = trace.getActiveSpan()?.spanContext();
  return context && context.traceId !== "00000000000000000000000000000000" ? context.traceId : undefined;
}
