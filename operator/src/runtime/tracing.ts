// A span around each run of a work-queue handler. The parent is a W3C traceparent that the object carries
// (the remote span of whoever changed it), so the reconcile joins that trace; without one it starts its own.
// The handler runs inside the span's context, so its log lines (pino mixin) and any span it starts join it.
import {
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  context,
  isSpanContextValid,
  trace,
  type Attributes,
  type Span,
  type Tracer,
} from "@opentelemetry/api";
import { traceparentAnnotations, type TraceParent } from "@skillpod/api";
import { TerminalError, type ReconcileResult } from "./work-queue.js";

export type TracedHandlerOptions = {
  tracer: Tracer;
  /** e.g. "reconcile SkillPod". */
  spanName: string;
  /** The attribute that names the object, e.g. "skillpod.name" (the namespace is k8s.namespace.name). */
  nameAttribute: string;
  /** The span this key's reconcile continues, if the object names one. */
  parentOf: (namespace: string, name: string) => TraceParent | undefined;
};

type Handler = (key: string) => Promise<ReconcileResult>;

/** Wraps a work-queue handler so each run is a span; what the handler returns or throws passes through. */
export function tracedHandler(handler: Handler, options: TracedHandlerOptions): Handler {
  const { tracer, spanName, nameAttribute, parentOf } = options;
  return (key) => {
    const slash = key.indexOf("/");
    const namespace = key.slice(0, slash);
    const name = key.slice(slash + 1);
    const parent = parentOf(namespace, name);
    const parentContext = parent
      ? trace.setSpanContext(ROOT_CONTEXT, { ...parent, isRemote: true })
      : ROOT_CONTEXT;
    const attributes: Attributes = { "k8s.namespace.name": namespace, [nameAttribute]: name };
    const span = tracer.startSpan(spanName, { kind: SpanKind.INTERNAL, attributes }, parentContext);
    return context.with(trace.setSpan(parentContext, span), runIn, undefined, handler, key, span);
  };
}

async function runIn(handler: Handler, key: string, span: Span): Promise<ReconcileResult> {
  try {
    const result = await handler(key);
    if (result.requeueAfterMs === undefined) {
      span.setAttribute("reconcile.result", "success");
    } else {
      span.setAttribute("reconcile.result", "requeue");
      span.setAttribute("reconcile.requeue_after_ms", result.requeueAfterMs);
    }
    return result;
  } catch (error) {
    span.setAttribute("reconcile.result", error instanceof TerminalError ? "terminal" : "error");
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : undefined,
    });
    throw error;
  } finally {
    span.end();
  }
}

/** The active span as the skillpod.dev/traceparent annotation, for a SkillPod this process changes. */
export function activeTraceAnnotations(): Record<string, string> {
  return traceparentAnnotations(trace.getActiveSpan()?.spanContext());
}

/** The active span's trace id, for log lines; undefined outside a traced reconcile. */
export function activeTraceId(): string | undefined {
  const spanContext = trace.getActiveSpan()?.spanContext();
  return spanContext && isSpanContextValid(spanContext) ? spanContext.traceId : undefined;
}
