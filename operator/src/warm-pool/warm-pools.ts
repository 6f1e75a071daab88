import {
  makeInformer,
  type Informer,
  type KubernetesObject,
  type ObjectCache,
  type V1Pod,
  type V1Secret,
} from "@kubernetes/client-node";
import type { SkillPodClass } from "@skillpod/api";
import {
  labels,
  skillPodApiVersion,
  skillPodClassKind,
  skillPodClassPlural,
  skillPodGroup,
  skillPodVersion,
} from "@skillpod/api";
import type { Logger } from "pino";
import {
  WorkQueue,
  describeApiError,
  queueMetricsFor,
  type OperatorMetrics,
  type WorkQueueOptions,
} from "../runtime/index.js";
import type { ChildCache } from "../skillpod/child-writer.js";
import type { KubeClients } from "../skillpod/kube-clients.js";
import { Adoption } from "./adoption.js";
import { poolOriginLabel } from "./pool-member.js";
import { poolNamespaces } from "./pool-namespaces.js";
import { PoolReconciler } from "./pool-reconciler.js";

type Cached<T extends KubernetesObject> = Informer<T> & ObjectCache<T>;

export type WarmPoolsOptions = {
  clients: KubeClients;
  log: Logger;
  metrics: OperatorMetrics;
  /** The operator's caches of owned kinds. */
  cache: ChildCache;
  onApply?: (kind: string) => void;
  /** OPERATOR_WATCH_NAMESPACE: pools are kept there only; unset, where each class lists. */
  scope: string | undefined;
  queue: Pick<WorkQueueOptions, "baseBackoffMs" | "maxBackoffMs">;
};

/**
 * The warm pool's small controller beside the SkillPod one: watches of classes, pool-made Pods and pool
 * Secrets, and a queue of pools (namespace/class). Adoption, which the SkillPod reconciler calls, reads
 * the same watches.
 */
export class WarmPools {
  readonly adoption: Adoption;
  private readonly classes: Cached<SkillPodClass>;
  private readonly pods: Cached<V1Pod>;
  private readonly secrets: Cached<V1Secret>;
  private readonly queue: WorkQueue;
  private readonly explained = new Set<string>();
  private relist: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(private readonly options: WarmPoolsOptions) {
    const { clients, scope } = options;
    const path = (resource: string): string =>
      scope ? `/api/v1/namespaces/${scope}/${resource}` : `/api/v1/${resource}`;
    this.classes = makeInformer(
      clients.kubeConfig,
      `/apis/${skillPodGroup}/${skillPodVersion}/${skillPodClassPlural}`,
      () => clients.objects.list<SkillPodClass>(skillPodApiVersion, skillPodClassKind),
    );
    this.pods = this.informer<V1Pod>("Pod", path("pods"), poolOriginLabel);
    this.secrets = this.informer<V1Secret>("Secret", path("secrets"), labels.warmPool);
    const pools = new PoolReconciler({
      clients,
      log: options.log,
      classOf: (name) => this.classes.get(name),
      namespacesOf: (c) => this.namespacesOf(c),
      podsIn: (namespace) => this.pods.list(namespace),
      secretsIn: (namespace) => this.secrets.list(namespace),
      cache: options.cache,
      ...(options.onApply ? { onApply: options.onApply } : {}),
      report: (namespace, className, plan) => {
        // A class without a pool here leaves no series behind (a scoped operator looks at every class).
        const empty = plan.ready + plan.starting === 0;
        for (const state of ["ready", "starting"] as const) {
          const labels = { class: className, namespace, state };
          if (empty) options.metrics.warmPoolPods.remove(labels);
          else options.metrics.warmPoolPods.set(labels, plan[state]);
        }
      },
    });
    this.queue = new WorkQueue((key) => pools.reconcile(key), {
      ...options.queue,
      workers: 1,
      log: options.log,
      metrics: queueMetricsFor(options.metrics, "WarmPool", 1),
    });
    for (const result of ["adopted", "miss", "conflict"])
      options.metrics.warmPoolAdoptions.inc({ result }, 0);
    this.adoption = new Adoption({
      clients,
      log: options.log,
      podsIn: (namespace) => this.pods.list(namespace),
      podOf: (namespace, name) => this.pods.get(name, namespace),
      cache: options.cache,
      onAdoption: (result) => options.metrics.warmPoolAdoptions.inc({ result }),
      refill: (namespace, className) => this.queue.add(`${namespace}/${className}`),
    });
  }

  private informer<T extends KubernetesObject>(kind: string, path: string, selector: string): Cached<T> {
    const { objects, kubeConfig } = this.options.clients;
    const { scope } = this.options;
    const list = (): ReturnType<typeof objects.list<T>> =>
      objects.list<T>("v1", kind, scope, undefined, undefined, undefined, undefined, selector);
    return makeInformer(kubeConfig, path, list, selector);
  }

  /** Where a class keeps pools (see poolNamespaces); a shortfall is explained once. */
  namespacesOf(skillPodClass: SkillPodClass): string[] {
    const { namespaces, note } = poolNamespaces(skillPodClass, this.options.scope);
    if (note) this.explainOnce(skillPodClass.metadata?.name ?? "", note);
    return namespaces;
  }

  private explainOnce(className: string, message: string): void {
    if (this.explained.has(className)) return;
    this.explained.add(className);
    this.options.log.warn({ class: className }, message);
  }

  private enqueueClass(skillPodClass: SkillPodClass): void {
    const name = skillPodClass.metadata?.name ?? "";
    for (const namespace of this.namespacesOf(skillPodClass)) this.queue.add(`${namespace}/${name}`);
  }

  private enqueueLabelled(object: KubernetesObject, label: string): void {
    const pool = object.metadata?.labels?.[label];
    if (pool) this.queue.add(`${object.metadata?.namespace}/${pool}`);
  }

  /** Every pool a class wants and every pool something is still labelled for (a class gone, a namespace dropped). */
  private resync(): void {
    for (const c of this.classes.list()) this.enqueueClass(c);
    for (const p of this.pods.list()) this.enqueueLabelled(p, labels.warmPool);
    for (const s of this.secrets.list()) this.enqueueLabelled(s, labels.warmPool);
  }

  async start(resyncSeconds: number): Promise<void> {
    const onClass = (c: SkillPodClass): void => this.enqueueClass(c);
    const onPod = (p: V1Pod): void => this.enqueueLabelled(p, poolOriginLabel);
    for (const event of ["add", "update", "delete"] as const) {
      this.classes.on(event, onClass);
      this.pods.on(event, onPod);
    }
    for (const informer of [this.classes, this.pods, this.secrets] as Cached<KubernetesObject>[])
      informer.on("error", (error: unknown) => this.restartLater(informer, error));
    await Promise.all([this.classes.start(), this.pods.start(), this.secrets.start()]);
    this.queue.start();
    this.resync();
    this.relist = setInterval(() => this.resync(), resyncSeconds * 1000);
  }

  private restartLater(informer: Cached<KubernetesObject>, error: unknown): void {
    if (this.stopped) return;
    this.options.log.warn({ error: describeApiError(error) }, "Warm-pool watch failed; restarting it");
    setTimeout(() => {
      if (this.stopped) return;
      informer
        .start()
        .catch((e: unknown) =>
          this.options.log.error({ error: describeApiError(e) }, "Failed to restart watch"),
        );
    }, 1000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.relist) clearInterval(this.relist);
    await Promise.all([this.classes.stop(), this.pods.stop(), this.secrets.stop()]);
    await this.queue.shutdown();
  }
}
