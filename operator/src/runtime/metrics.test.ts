import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { createOperatorMetrics, queueMetricsFor } from "./metrics.js";

describe("operator metrics", () => {
  it("counts reconciles, errors, durations and queue state per kind through the queue adapter", async () => {
    const registry = new Registry();
    const metrics = createOperatorMetrics(registry);
    const queue = queueMetricsFor(metrics, "SkillPod");
    queue.depth(3);
    queue.waited(250);
    queue.processed("ns/a", "success", 40);
    queue.processed("ns/a", "error", 10);
    queue.processed("ns/b", "terminal", 5);
    metrics.skillpods.set({ phase: "Running" }, 2);
    metrics.leader.set(1);

    const text = await registry.metrics();
    expect(text).toContain('skillpod_operator_reconcile_total{kind="SkillPod",result="success"} 1');
    expect(text).toContain('skillpod_operator_reconcile_total{kind="SkillPod",result="error"} 1');
    expect(text).toContain('skillpod_operator_reconcile_total{kind="SkillPod",result="terminal"} 1');
    expect(text).toContain('skillpod_operator_reconcile_errors_total{kind="SkillPod"} 2');
    expect(text).toContain('skillpod_operator_reconcile_duration_seconds_count{kind="SkillPod"} 3');
    expect(text).toContain('skillpod_operator_reconcile_duration_seconds_sum{kind="SkillPod"} 0.055');
    expect(text).toContain('skillpod_operator_workqueue_depth{kind="SkillPod"} 3');
    expect(text).toContain('skillpod_operator_workqueue_wait_seconds_sum{kind="SkillPod"} 0.25');
    expect(text).toContain('skillpod_operator_skillpods{phase="Running"} 2');
    expect(text).toContain("skillpod_operator_leader 1");
    expect(text).toContain("process_cpu_user_seconds_total");
    expect(text).toContain("nodejs_eventloop_lag_seconds");
  });

  it("keeps registries independent so tests and operators can each have their own", () => {
    expect(() => {
      createOperatorMetrics(new Registry());
      createOperatorMetrics(new Registry());
    }).not.toThrow();
  });
});
