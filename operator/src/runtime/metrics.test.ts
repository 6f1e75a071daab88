import { Registry } from "prom-client";
import { describe, expect, it, vi } from "vitest";
import { createOperatorMetrics, queueMetricsFor, reportLeadership } from "./metrics.js";

describe("operator metrics", () => {
  it("counts reconciles, errors, durations and queue state per kind through the queue adapter", async () => {
    const registry = new Registry();
    const metrics = createOperatorMetrics(registry);
    const queue = queueMetricsFor(metrics, "SkillPod", 4);
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

  it("exports controller-runtime's reconcile and work queue names, controller named after the kind", async () => {
    const registry = new Registry();
    const metrics = createOperatorMetrics(registry);
    const queue = queueMetricsFor(metrics, "SkillPod", 4);
    queue.added?.("ns/a");
    queue.added?.("ns/b");
    queue.depth(2);
    queue.waited(500);
    queue.started?.("ns/a");
    queue.processed("ns/a", "success", 40);
    queue.started?.("ns/a");
    queue.processed("ns/a", "success", 20, 30_000);
    queue.started?.("ns/b");
    queue.processed("ns/b", "error", 10);
    queue.started?.("ns/b");
    queue.processed("ns/b", "terminal", 5);
    queue.depth(0);

    const text = await registry.metrics();
    const lines = [
      'controller_runtime_reconcile_total{controller="skillpod",result="success"} 1',
      'controller_runtime_reconcile_total{controller="skillpod",result="requeue_after"} 1',
      'controller_runtime_reconcile_total{controller="skillpod",result="error"} 2',
      // Never produced here (the reconciler has no "requeue now"), but present like controller-runtime's.
      'controller_runtime_reconcile_total{controller="skillpod",result="requeue"} 0',
      'controller_runtime_reconcile_errors_total{controller="skillpod"} 2',
      'controller_runtime_terminal_reconcile_errors_total{controller="skillpod"} 1',
      'controller_runtime_reconcile_time_seconds_count{controller="skillpod"} 4',
      'controller_runtime_reconcile_time_seconds_sum{controller="skillpod"} 0.075',
      'controller_runtime_reconcile_time_seconds_bucket{le="0.15",controller="skillpod"} 4',
      'controller_runtime_max_concurrent_reconciles{controller="skillpod"} 4',
      'controller_runtime_active_workers{controller="skillpod"} 0',
      'workqueue_depth{name="skillpod",controller="skillpod"} 0',
      'workqueue_adds_total{name="skillpod",controller="skillpod"} 2',
      'workqueue_queue_duration_seconds_count{name="skillpod",controller="skillpod"} 1',
      'workqueue_queue_duration_seconds_sum{name="skillpod",controller="skillpod"} 0.5',
      'workqueue_queue_duration_seconds_bucket{le="1",name="skillpod",controller="skillpod"} 1',
      'workqueue_queue_duration_seconds_bucket{le="0.1",name="skillpod",controller="skillpod"} 0',
      'workqueue_work_duration_seconds_count{name="skillpod",controller="skillpod"} 4',
      // Only retried errors are retries; a terminal one is dropped, as controller-runtime does.
      'workqueue_retries_total{name="skillpod",controller="skillpod"} 1',
      'workqueue_unfinished_work_seconds{name="skillpod",controller="skillpod"} 0',
      'workqueue_longest_running_processor_seconds{name="skillpod",controller="skillpod"} 0',
    ];
    for (const line of lines) expect(text.split("\n")).toContain(line);
    // Our own names keep their results (the benchmarks read success/error/terminal).
    expect(text).toContain('skillpod_operator_reconcile_total{kind="SkillPod",result="success"} 2');
    expect(text).toContain('skillpod_operator_reconcile_total{kind="SkillPod",result="terminal"} 1');
  });

  it("reads work in flight at scrape time: active workers, unfinished work and the longest processor", async () => {
    vi.useFakeTimers({ now: 1_000_000 });
    try {
      const registry = new Registry();
      const metrics = createOperatorMetrics(registry);
      const queue = queueMetricsFor(metrics, "SkillPod", 2);
      queue.started?.("ns/a");
      vi.setSystemTime(1_003_000);
      queue.started?.("ns/b");
      vi.setSystemTime(1_010_000);
      const text = await registry.metrics();
      expect(text).toContain('controller_runtime_active_workers{controller="skillpod"} 2');
      expect(text).toContain('workqueue_unfinished_work_seconds{name="skillpod",controller="skillpod"} 17');
      expect(text).toContain(
        'workqueue_longest_running_processor_seconds{name="skillpod",controller="skillpod"} 10',
      );
      queue.processed("ns/a", "success", 10_000);
      const after = await registry.metrics();
      expect(after).toContain('controller_runtime_active_workers{controller="skillpod"} 1');
      expect(after).toContain(
        'workqueue_longest_running_processor_seconds{name="skillpod",controller="skillpod"} 7',
      );
    } finally {
      vi.useRealTimers();
    }
  });

  it("reports leadership on our name and on client-go's leader_election_master_status{name=<lease>}", async () => {
    const registry = new Registry();
    const metrics = createOperatorMetrics(registry);
    reportLeadership(metrics, "skillpod-operator", false);
    let text = await registry.metrics();
    expect(text).toContain("skillpod_operator_leader 0");
    expect(text).toContain('leader_election_master_status{name="skillpod-operator"} 0');
    reportLeadership(metrics, "skillpod-operator", true);
    text = await registry.metrics();
    expect(text).toContain("skillpod_operator_leader 1");
    expect(text).toContain('leader_election_master_status{name="skillpod-operator"} 1');
  });

  it("has every reconcile result series at 0 before the first reconcile, so rates of errors read 0, not nothing", async () => {
    const registry = new Registry();
    const metrics = createOperatorMetrics(registry);
    queueMetricsFor(metrics, "SkillPod", 1);
    const text = await registry.metrics();
    for (const result of ["success", "error", "terminal"]) {
      expect(text).toContain(`skillpod_operator_reconcile_total{kind="SkillPod",result="${result}"} 0`);
    }
    expect(text).toContain('skillpod_operator_reconcile_errors_total{kind="SkillPod"} 0');
    for (const result of ["success", "error", "requeue", "requeue_after"]) {
      expect(text).toContain(
        `controller_runtime_reconcile_total{controller="skillpod",result="${result}"} 0`,
      );
    }
  });

  it("keeps registries independent so tests and operators can each have their own", () => {
    expect(() => {
      createOperatorMetrics(new Registry());
      createOperatorMetrics(new Registry());
    }).not.toThrow();
  });
});
