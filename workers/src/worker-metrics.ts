// The workers' Prometheus metrics: every activity's outcome and duration by task queue and type (payouts
// and ledger moves show up there by name), plus Node's process metrics.
import type { ActivityInboundCallsInterceptor, ActivityExecuteInput, Next } from "@temporalio/worker";
import { Context } from "@temporalio/activity";
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";

export type WorkerMetrics = {
  registry: Registry;
  activities: Counter<"task_queue" | "activity_type" | "outcome">;
  activityDuration: Histogram<"task_queue" | "activity_type">;
  workersRunning: Gauge<"task_queue">;
};

export function createWorkerMetrics(): WorkerMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  return {
    registry,
    activities: new Counter({
      name: "skillpod_worker_activities_total",
      help: "Activity executions by task queue, type and outcome (completed, failed, cancelled).",
      labelNames: ["task_queue", "activity_type", "outcome"],
      registers,
    }),
    activityDuration: new Histogram({
      name: "skillpod_worker_activity_duration_seconds",
      help: "Wall time of one activity attempt.",
      labelNames: ["task_queue", "activity_type"],
      buckets: [0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 120],
      registers,
    }),
    workersRunning: new Gauge({
      name: "skillpod_worker_running",
      help: "1 while this process polls the task queue.",
      labelNames: ["task_queue"],
      registers,
    }),
  };
}

function outcomeOf(error: unknown): string {
  return Context.current().cancellationSignal.aborted || (error as Error).name === "CancelledFailure"
    ? "cancelled"
    : "failed";
}

/** An activity interceptor that counts and times every attempt. */
export function activityMetricsInterceptor(
  metrics: WorkerMetrics,
): () => { inbound: ActivityInboundCallsInterceptor } {
  return () => ({
    inbound: {
      async execute(
        input: ActivityExecuteInput,
        next: Next<ActivityInboundCallsInterceptor, "execute">,
      ): Promise<unknown> {
        const { taskQueue, activityType } = Context.current().info;
        const labels = { task_queue: taskQueue, activity_type: activityType };
        const end = metrics.activityDuration.startTimer(labels);
        try {
          const result = await next(input);
          metrics.activities.inc({ ...labels, outcome: "completed" });
          return result;
        } catch (error) {
          metrics.activities.inc({ ...labels, outcome: outcomeOf(error) });
          throw error;
        } finally {
          end();
        }
      },
    },
  });
}
