// The W3C Trace Context `traceparent` value (https://www.w3.org/TR/trace-context/#traceparent-header) as the
// skillpod.dev/traceparent annotation carries it: written by whoever changes a SkillPod, read by the operator.
// Plain strings and numbers, so that writers on OpenTelemetry 1.x (workers) and 2.x (control plane, operator)
// share one format without sharing an SDK.
import { traceparentAnnotation } from "./constants.js";

/** The part of an OpenTelemetry SpanContext that a traceparent carries. */
export type TraceParent = { traceId: string; spanId: string; traceFlags: number };

const pattern = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?$/;
const zeroTraceId = "00000000000000000000000000000000";
const zeroSpanId = "0000000000000000";

function hasValidIds(traceId: string, spanId: string): boolean {
  return traceId !== zeroTraceId && spanId !== zeroSpanId;
}

/** `00-<trace id>-<span id>-<flags>`; undefined for a context that has no valid ids (no active span). */
export function formatTraceparent(context: TraceParent): string | undefined {
  const { traceId, spanId, traceFlags } = context;
  if (!/^[0-9a-f]{32}$/.test(traceId) || !/^[0-9a-f]{16}$/.test(spanId) || !hasValidIds(traceId, spanId)) {
    return undefined;
  }
  return `00-${traceId}-${spanId}-${(traceFlags & 0xff).toString(16).padStart(2, "0")}`;
}

/**
 * The parent a traceparent names, or undefined when it is malformed: version ff, ids of zeros, upper-case hex,
 * or anything after the flags in version 00 (a later version may append fields, which are ignored).
 */
export function parseTraceparent(value: string | undefined): TraceParent | undefined {
  const match = value === undefined ? null : pattern.exec(value);
  if (!match) return undefined;
  const [, version, traceId = "", spanId = "", flags = "", rest] = match;
  const versionFits = version !== "ff" && (version !== "00" || rest === undefined);
  return versionFits && hasValidIds(traceId, spanId)
    ? { traceId, spanId, traceFlags: parseInt(flags, 16) }
    : undefined;
}

/**
 * The skillpod.dev/traceparent annotation naming this span, to merge into the metadata of a create or patch;
 * empty without a valid span (pass `trace.getActiveSpan()?.spanContext()`), so an untraced write leaves the
 * annotation as it was.
 */
export function traceparentAnnotations(context: TraceParent | undefined): Record<string, string> {
  const value = context && formatTraceparent(context);
  return value ? { [traceparentAnnotation]: value } : {};
}
