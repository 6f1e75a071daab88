import { Registry } from "prom-client";
import type { Logger } from "pino";
import type { OperatorConfig } from "./config.js";
import {
  LeaderElector,
  WorkQueue,
  createEventRecorder,
  createOperatorMetrics,
  loadKubeConfig,
  queueMetricsFor,
  reportLeadership,
  startHealthServer,
} from "./runtime/index.js";
import { SkillPodController } from "./skillpod/controller.js";
import { SkillPodPhases } from "./skillpod/phase-metrics.js";
import { createKubeClients } from "./skillpod/kube-clients.js";
import { SkillPodReconciler } from "./skillpod/reconciler.js";
import { tracedSkillPodReconciles } from "./skillpod/reconcile-tracing.js";
import { WarmPools } from "./warm-pool/index.js";

export type RunningOperator = {
  stop: () => Promise<void>;
  /** Resolves if this replica loses leadership after having it. */
  lost: Promise<void>;
  port: number;
};

/** Wires config, clients, metrics, health, leader election, informers, work queue and reconciler. */
export async function startOperator(
  config: OperatorConfig,
  log: Logger,
  options: { now?: () => number } = {},
): Promise<RunningOperator> {
  const kubeConfig = loadKubeConfig(config.KUBECONFIG, config.KUBERNETES_SERVICE_HOST);
  const clients = createKubeClients(kubeConfig);
  const registry = new Registry();
  const metrics = createOperatorMetrics(registry);
  const events = createEventRecorder(kubeConfig, "skillpod-operator", log);

  // eslint-disable-next-line prefer-const -- the reconciler is built before the controller it asks
  let controller: SkillPodController | undefined;
  const warmPools = new WarmPools({
    clients,
    log,
    metrics,
    cache: (kind, namespace, name) => controller?.cached(kind, namespace, name),
    onApply: (kind) => metrics.childApplies.inc({ kind }),
    scope: config.OPERATOR_WATCH_NAMESPACE,
    queue: { baseBackoffMs: config.OPERATOR_BACKOFF_BASE_MS, maxBackoffMs: config.OPERATOR_BACKOFF_MAX_MS },
  });
  const reconciler = new SkillPodReconciler({
    clients,
    events,
    log,
    cache: (kind, namespace, name) => controller?.cached(kind, namespace, name),
    classOf: (name) => controller?.classOf(name),
    skillPodOf: (namespace, name) => controller?.skillPods.get(name, namespace),
    storageClassOf: (name) => controller?.storageClassOf(name),
    onApply: (kind) => metrics.childApplies.inc({ kind }),
    usageRefreshMs: config.OPERATOR_USAGE_REFRESH_SECONDS * 1000,
    warmPool: warmPools.adoption,
    queuedAgain: (key) => queue.isQueued(key),
    ...(options.now ? { now: options.now } : {}),
  });
  // Each reconcile is a span, the child of the change its SkillPod's traceparent annotation names.
  const reconcile = tracedSkillPodReconciles(
    (key) => reconciler.reconcile(key),
    (namespace, name) => controller?.skillPods.get(name, namespace),
  );
  const queue = new WorkQueue(reconcile, {
    workers: config.OPERATOR_WORKERS,
    baseBackoffMs: config.OPERATOR_BACKOFF_BASE_MS,
    maxBackoffMs: config.OPERATOR_BACKOFF_MAX_MS,
    log,
    metrics: queueMetricsFor(metrics, "SkillPod", config.OPERATOR_WORKERS),
  });
  controller = new SkillPodController(clients, queue, log, config.OPERATOR_WATCH_NAMESPACE);

  let leading = !config.OPERATOR_LEADER_ELECTION;
  const health = await startHealthServer({
    host: config.OPERATOR_METRICS_HOST,
    port: config.OPERATOR_METRICS_PORT,
    registry,
    isReady: () => leading || config.OPERATOR_LEADER_ELECTION,
    log,
  });
  const skillPodPhases = new SkillPodPhases(metrics);
  const now = options.now ?? Date.now;
  const phases = setInterval(() => skillPodPhases.observe(controller?.skillPods.list() ?? [], now()), 5000);
  reportLeadership(metrics, config.OPERATOR_LEASE_NAME, false);

  const begin = async (): Promise<void> => {
    leading = true;
    reportLeadership(metrics, config.OPERATOR_LEASE_NAME, true);
    // Caches first: a worker that ran before them would take every existing child for a new one.
    await controller.start(config.OPERATOR_RESYNC_SECONDS);
    await warmPools.start(config.OPERATOR_RESYNC_SECONDS);
    queue.start();
    log.info({ identity: config.OPERATOR_IDENTITY }, "Started SkillPod controller");
  };

  let stopping = false;
  let lostLeadership: () => void = () => undefined;
  const lost = new Promise<void>((resolve) => (lostLeadership = resolve));
  const elector = config.OPERATOR_LEADER_ELECTION
    ? new LeaderElector({
        kubeConfig,
        namespace: config.OPERATOR_LEASE_NAMESPACE,
        leaseName: config.OPERATOR_LEASE_NAME,
        identity: config.OPERATOR_IDENTITY,
        leaseDurationSeconds: config.OPERATOR_LEASE_DURATION_SECONDS,
        renewDeadlineSeconds: config.OPERATOR_RENEW_DEADLINE_SECONDS,
        retryPeriodSeconds: config.OPERATOR_RETRY_PERIOD_SECONDS,
        log,
      })
    : undefined;
  if (elector) {
    elector.run({
      onStartedLeading: () =>
        void begin().catch((e: unknown) => log.error({ err: e }, "Failed to start controller")),
      onStoppedLeading: () => {
        reportLeadership(metrics, config.OPERATOR_LEASE_NAME, false);
        // stop() steps down on purpose: reporting that as lost leadership made main exit(1) before the
        // lease was released, so a SIGTERMed leader left its successor waiting out the whole lease.
        if (leading && !stopping) lostLeadership();
      },
    });
  } else {
    await begin();
  }

  return {
    lost,
    port: health.port,
    stop: async () => {
      stopping = true;
      clearInterval(phases);
      await controller.stop();
      await warmPools.stop();
      await queue.shutdown();
      await elector?.stop();
      await health.close();
      log.info("Stopped SkillPod operator");
    },
  };
}
