// The provisioning activity's span as the SkillPod's skillpod.dev/traceparent: Temporal's OpenTelemetry
// interceptor makes the activity's span active, so the operator's reconciles of what the activity wrote become
// its children and the contract's trace runs on into the operator.
import { trace } from "@opentelemetry/api";
import { traceparentAnnotations, type SkillPod } from "@skillpod/api";

/** The annotation to merge into a patch's metadata; empty outside a span (an untraced worker or test). */
export function activityTraceAnnotations(): Record<string, string> {
  return traceparentAnnotations(trace.getActiveSpan()?.spanContext());
}

/** The SkillPod to create, annotated with the activity's span. */
export function withTraceparent(skillPod: SkillPod): SkillPod {
  const annotations = { ...skillPod.metadata?.annotations, ...activityTraceAnnotations() };
  return { ...skillPod, metadata: { ...skillPod.metadata, annotations } };
}
