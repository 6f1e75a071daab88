// controller-runtime's and client-go's metric names, labels and buckets, exported beside the operator's own
// skillpod_operator_* names so that the operator dashboards and alerts SREs already run for kubebuilder
// operators work unchanged. Semantics follow controller-runtime's reconcileHandler and client-go's workqueue.
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { QueueMetrics } from "./work-queue.js";

export type ControllerRuntimeMetrics = {
  reconcileTotal: Counter<"controller" | "result">;
  reconcileErrors: Counter<"controller">;
  terminalReconcileErrors: Counter<"controller">;
  reconcileTime: Histogram<"controller">;
  maxConcurrentReconciles: Gauge<"controller">;
  activeWorkers: Gauge<"controller">;
  workqueueDepth: Gauge<"name" | "controller">;
  workqueueAdds: Counter<"name" | "controller">;
  workqueueQueueDuration: Histogram<"name" | "controller">;
  workqueueWorkDuration: Histogram<"name" | "controller">;
  workqueueRetries: Counter<"name" | "controller">;
  workqueueUnfinishedWork: Gauge<"name" | "controller">;
  workqueueLongestRunningProcessor: Gauge<"name" | "controller">;
  leaderElectionMasterStatus: Gauge<"name">;
  /** Run before the in-flight gauges are read: each queue's handlers in flight are only known at that moment. */
  inFlightSamplers: (() => void)[];
};

type QueueCollectors = Pick<
  ControllerRuntimeMetrics,
  Extract<keyof ControllerRuntimeMetrics, `workqueue${string}`>
>;
type ControllerCollectors = Omit<ControllerRuntimeMetrics, keyof QueueCollectors | "inFlightSamplers">;

/** controller-runtime's result label values. */
export const reconcileResults = ["success", "error", "requeue", "requeue_after"] as const;

// controller-runtime's ReconcileTime buckets.
const reconcileTimeBuckets = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0, 1.25,
  1.5, 1.75, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5, 6, 7, 8, 9, 10, 15, 20, 25, 30, 40, 50, 60,
];
// client-go's workqueue buckets: prometheus.ExponentialBuckets(10e-9, 10, 12), 10 ns to 1000 s.
const workqueueBuckets = Array.from({ length: 12 }, (_, i) => Number((1e-8 * 10 ** i).toPrecision(1)));

const controllerLabel = ["controller"] as const;
const queueLabels = ["name", "controller"] as const;

function controllerCollectors(registers: Registry[]): ControllerCollectors {
  return {
    reconcileTotal: new Counter({
      name: "controller_runtime_reconcile_total",
      help: "Total number of reconciliations per controller",
      labelNames: ["controller", "result"],
      registers,
    }),
    reconcileErrors: new Counter({
      name: "controller_runtime_reconcile_errors_total",
      help: "Total number of reconciliation errors per controller",
      labelNames: controllerLabel,
      registers,
    }),
    terminalReconcileErrors: new Counter({
      name: "controller_runtime_terminal_reconcile_errors_total",
      help: "Total number of terminal reconciliation errors per controller",
      labelNames: controllerLabel,
      registers,
    }),
    reconcileTime: new Histogram({
      name: "controller_runtime_reconcile_time_seconds",
      help: "Length of time per reconciliation per controller",
      labelNames: controllerLabel,
      buckets: reconcileTimeBuckets,
      registers,
    }),
    maxConcurrentReconciles: new Gauge({
      name: "controller_runtime_max_concurrent_reconciles",
      help: "Maximum number of concurrent reconciles per controller",
      labelNames: controllerLabel,
      registers,
    }),
    activeWorkers: new Gauge({
      name: "controller_runtime_active_workers",
      help: "Number of currently used workers per controller",
      labelNames: controllerLabel,
      registers,
    }),
    leaderElectionMasterStatus: new Gauge({
      name: "leader_election_master_status",
      help: "Gauge of if the reporting system is master of the relevant lease, 0 indicates backup, 1 indicates master. 'name' is the string used to identify the lease.",
      labelNames: ["name"],
      registers,
    }),
  };
}

function workqueueCollectors(registers: Registry[], samplers: (() => void)[]): QueueCollectors {
  const collect = (): void => {
    for (const sample of samplers) sample();
  };
  return {
    workqueueDepth: new Gauge({
      name: "workqueue_depth",
      help: "Current depth of workqueue",
      labelNames: queueLabels,
      registers,
    }),
    workqueueAdds: new Counter({
      name: "workqueue_adds_total",
      help: "Total number of adds handled by workqueue",
      labelNames: queueLabels,
      registers,
    }),
    workqueueQueueDuration: new Histogram({
      name: "workqueue_queue_duration_seconds",
      help: "How long in seconds an item stays in workqueue before being requested",
      labelNames: queueLabels,
      buckets: workqueueBuckets,
      registers,
    }),
    workqueueWorkDuration: new Histogram({
      name: "workqueue_work_duration_seconds",
      help: "How long in seconds processing an item from workqueue takes.",
      labelNames: queueLabels,
      buckets: workqueueBuckets,
      registers,
    }),
    workqueueRetries: new Counter({
      name: "workqueue_retries_total",
      help: "Total number of retries handled by workqueue",
      labelNames: queueLabels,
      registers,
    }),
    workqueueUnfinishedWork: new Gauge({
      name: "workqueue_unfinished_work_seconds",
      help: "How many seconds of work has been done that is in progress and hasn't been observed by work_duration. Large values indicate stuck threads.",
      labelNames: queueLabels,
      registers,
      collect,
    }),
    workqueueLongestRunningProcessor: new Gauge({
      name: "workqueue_longest_running_processor_seconds",
      help: "How many seconds has the longest running processor for workqueue been running.",
      labelNames: queueLabels,
      registers,
      collect,
    }),
  };
}

/** Registers controller-runtime's and client-go's collectors on `registry`. */
export function createControllerRuntimeMetrics(registry: Registry): ControllerRuntimeMetrics {
  const inFlightSamplers: (() => void)[] = [];
  return {
    ...controllerCollectors([registry]),
    ...workqueueCollectors([registry], inFlightSamplers),
    inFlightSamplers,
  };
}

/** kubebuilder names a controller after its kind, lowercased ("skillpod"); its work queue has the same name. */
export function controllerNameOf(kind: string): string {
  return kind.toLowerCase();
}

/** Every series a controller exports exists from its start, at 0, as controller-runtime's initMetrics does. */
function initialise(m: ControllerRuntimeMetrics, controller: string, workers: number): void {
  const queue = { name: controller, controller };
  for (const result of reconcileResults) m.reconcileTotal.inc({ controller, result }, 0);
  m.reconcileErrors.inc({ controller }, 0);
  m.terminalReconcileErrors.inc({ controller }, 0);
  m.maxConcurrentReconciles.set({ controller }, workers);
  m.activeWorkers.set({ controller }, 0);
  m.workqueueDepth.set(queue, 0);
  m.workqueueAdds.inc(queue, 0);
  m.workqueueRetries.inc(queue, 0);
  m.workqueueUnfinishedWork.set(queue, 0);
  m.workqueueLongestRunningProcessor.set(queue, 0);
}

/** controller-runtime's result: an error (terminal or not), requeue_after when the reconciler asked, else success. */
function resultOf(outcome: "success" | "error" | "terminal", requeueAfterMs?: number): string {
  if (outcome !== "success") return "error";
  return requeueAfterMs !== undefined && requeueAfterMs > 0 ? "requeue_after" : "success";
}

/**
 * Adapts controller-runtime's metrics to one work queue. Handlers in flight are timed here, as client-go's
 * queue does, so unfinished work and the longest running processor are read at scrape time.
 */
export function controllerRuntimeQueueMetrics(
  m: ControllerRuntimeMetrics,
  controller: string,
  workers: number,
): QueueMetrics {
  const queue = { name: controller, controller };
  const inFlight = new Map<string, number>();
  initialise(m, controller, workers);
  const sample = (): void => {
    const now = Date.now();
    const ages = [...inFlight.values()].map((startedAt) => (now - startedAt) / 1000);
    m.workqueueUnfinishedWork.set(
      queue,
      ages.reduce((sum, age) => sum + age, 0),
    );
    m.workqueueLongestRunningProcessor.set(queue, Math.max(0, ...ages));
  };
  m.inFlightSamplers.push(sample);
  return {
    depth: (n) => m.workqueueDepth.set(queue, n),
    added: () => m.workqueueAdds.inc(queue),
    waited: (ms) => m.workqueueQueueDuration.observe(queue, ms / 1000),
    started: (key) => {
      inFlight.set(key, Date.now());
      m.activeWorkers.set({ controller }, inFlight.size);
    },
    processed: (key, outcome, ms, requeueAfterMs) => {
      inFlight.delete(key);
      m.activeWorkers.set({ controller }, inFlight.size);
      m.reconcileTotal.inc({ controller, result: resultOf(outcome, requeueAfterMs) });
      if (outcome !== "success") m.reconcileErrors.inc({ controller });
      if (outcome === "terminal") m.terminalReconcileErrors.inc({ controller });
      // The work queue retries every error but a terminal one, with backoff: client-go's AddRateLimited.
      if (outcome === "error") m.workqueueRetries.inc(queue);
      m.reconcileTime.observe({ controller }, ms / 1000);
      m.workqueueWorkDuration.observe(queue, ms / 1000);
    },
  };
}
