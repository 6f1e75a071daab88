// The operator's Prometheus metrics: its own skillpod_operator_* names, and controller-runtime's names beside
// them (controller-runtime-metrics.ts) so that existing operator dashboards and alerts carry over.
import { collectDefaultMetrics, Counter, Gauge, Histogram, type Registry } from "prom-client";
import {
  controllerNameOf,
  controllerRuntimeQueueMetrics,
  createControllerRuntimeMetrics,
  type ControllerRuntimeMetrics,
} from "./controller-runtime-metrics.js";
import type { QueueMetrics } from "./work-queue.js";

export type ReconcileOutcome = "success" | "error" | "terminal";

export type OperatorMetrics = {
  registry: Registry;
  reconcileTotal: Counter<"kind" | "result">;
  reconcileErrors: Counter<"kind">;
  reconcileDuration: Histogram<"kind">;
  workqueueDepth: Gauge<"kind">;
  workqueueWait: Histogram<"kind">;
  skillpods: Gauge<"phase">;
  skillpodsOldestInPhase: Gauge<"phase">;
  childApplies: Counter<"kind">;
  warmPoolPods: Gauge<"class" | "namespace" | "state">;
  warmPoolAdoptions: Counter<"result">;
  leader: Gauge;
  controllerRuntime: ControllerRuntimeMetrics;
};

// Reconciles span milliseconds (no-op) to tens of seconds (slow apiserver, many children).
const durationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];
// Queue waits include requeue backoff and can reach the maximum backoff (minutes).
const waitBuckets = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60, 300];

/** Registers the operator's metrics and Node's process metrics on `registry`; call once per registry. */
export function createOperatorMetrics(registry: Registry): OperatorMetrics {
  const registers = [registry];
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    reconcileTotal: new Counter({
      name: "skillpod_operator_reconcile_total",
      help: "Reconciles by kind and result (success, error, terminal).",
      labelNames: ["kind", "result"],
      registers,
    }),
    reconcileErrors: new Counter({
      name: "skillpod_operator_reconcile_errors_total",
      help: "Reconciles that failed, retried or terminal.",
      labelNames: ["kind"],
      registers,
    }),
    reconcileDuration: new Histogram({
      name: "skillpod_operator_reconcile_duration_seconds",
      help: "Time spent in one reconcile.",
      labelNames: ["kind"],
      buckets: durationBuckets,
      registers,
    }),
    workqueueDepth: new Gauge({
      name: "skillpod_operator_workqueue_depth",
      help: "Keys waiting in the work queue, not counting those in flight.",
      labelNames: ["kind"],
      registers,
    }),
    workqueueWait: new Histogram({
      name: "skillpod_operator_workqueue_wait_seconds",
      help: "Time from a key being queued to its reconcile starting.",
      labelNames: ["kind"],
      buckets: waitBuckets,
      registers,
    }),
    skillpods: new Gauge({
      name: "skillpod_operator_skillpods",
      help: "SkillPods by status phase, as last observed.",
      labelNames: ["phase"],
      registers,
    }),
    skillpodsOldestInPhase: new Gauge({
      name: "skillpod_operator_skillpods_oldest_in_phase_seconds",
      help: "Per status phase, how long the SkillPod longest in it has been there, as seen by the leader since it began leading.",
      labelNames: ["phase"],
      registers,
    }),
    childApplies: new Counter({
      name: "skillpod_operator_child_applies_total",
      help: "Writes of owned children (applies and creates) by kind; a settled SkillPod costs none.",
      labelNames: ["kind"],
      registers,
    }),
    warmPoolPods: new Gauge({
      name: "skillpod_operator_warm_pool_pods",
      help: "Pool Pods per class and namespace, ready or starting, as the last pool reconcile saw them.",
      labelNames: ["class", "namespace", "state"],
      registers,
    }),
    warmPoolAdoptions: new Counter({
      name: "skillpod_operator_warm_pool_adoptions_total",
      help: "Ephemeral-home SkillPods wanting a Pod: adopted a pool Pod, found none that fits (miss), or lost one to another taker (conflict).",
      labelNames: ["result"],
      registers,
    }),
    leader: new Gauge({
      name: "skillpod_operator_leader",
      help: "1 while this replica holds the leader lease, else 0.",
      registers,
    }),
    controllerRuntime: createControllerRuntimeMetrics(registry),
  };
}

/** Leadership of `lease` on both names: skillpod_operator_leader and client-go's leader_election_master_status. */
export function reportLeadership(metrics: OperatorMetrics, lease: string, leading: boolean): void {
  metrics.leader.set(leading ? 1 : 0);
  metrics.controllerRuntime.leaderElectionMasterStatus.set({ name: lease }, leading ? 1 : 0);
}

/**
 * Adapts the operator's metrics to one work queue of `workers` workers, labelled with the kind it reconciles
 * (kind="SkillPod") on our names and with the controller's name (controller="skillpod") on controller-runtime's.
 */
export function queueMetricsFor(metrics: OperatorMetrics, kind: string, workers: number): QueueMetrics {
  const runtime = controllerRuntimeQueueMetrics(metrics.controllerRuntime, controllerNameOf(kind), workers);
  for (const result of ["success", "error", "terminal"]) metrics.reconcileTotal.inc({ kind, result }, 0);
  metrics.reconcileErrors.inc({ kind }, 0);
  return {
    depth: (n) => {
      metrics.workqueueDepth.set({ kind }, n);
      runtime.depth(n);
    },
    waited: (ms) => {
      metrics.workqueueWait.observe({ kind }, ms / 1000);
      runtime.waited(ms);
    },
    added: (key) => runtime.added?.(key),
    started: (key) => runtime.started?.(key),
    processed: (key, outcome, ms, requeueAfterMs) => {
      metrics.reconcileTotal.inc({ kind, result: outcome });
      if (outcome !== "success") metrics.reconcileErrors.inc({ kind });
      metrics.reconcileDuration.observe({ kind }, ms / 1000);
      runtime.processed(key, outcome, ms, requeueAfterMs);
    },
  };
}
