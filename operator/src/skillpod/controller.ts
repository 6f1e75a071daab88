import {
  makeInformer,
  type Informer,
  type KubernetesObject,
  type ListPromise,
  type ObjectCache,
  type V1StorageClass,
} from "@kubernetes/client-node";
import type { SkillPod, SkillPodClass } from "@skillpod/api";
import {
  labels,
  managedBy,
  skillPodApiVersion,
  skillPodClassKind,
  skillPodClassPlural,
  skillPodGroup,
  skillPodKind,
  skillPodPlural,
  skillPodVersion,
} from "@skillpod/api";
import type { Logger } from "pino";
import { describeApiError, type WorkQueue } from "../runtime/index.js";
import { compactForCache } from "./cache-compaction.js";
import type { KubeClients } from "./kube-clients.js";

type Cached<T extends KubernetesObject> = Informer<T> & ObjectCache<T>;

const ownedSelector = `${labels.managedBy}=${managedBy}`;
const base = `/apis/${skillPodGroup}/${skillPodVersion}`;
const ownedKinds: [apiVersion: string, kind: string, resource: string][] = [
  ["v1", "Pod", "pods"],
  ["v1", "Service", "services"],
  ["v1", "PersistentVolumeClaim", "persistentvolumeclaims"],
  ["v1", "Secret", "secrets"],
  ["v1", "ServiceAccount", "serviceaccounts"],
  ["networking.k8s.io/v1", "NetworkPolicy", "networkpolicies"],
];

/** Informers on SkillPods, SkillPodClasses and every owned kind, feeding namespace/name keys to the queue. */
export class SkillPodController {
  readonly skillPods: Cached<SkillPod>;
  private readonly classes: Cached<SkillPodClass>;
  private readonly storageClasses: Cached<V1StorageClass>;
  private readonly owned = new Map<string, Cached<KubernetesObject>>();
  private relist: NodeJS.Timeout | undefined;
  private readonly seen = new Map<string, string>();
  private stopped = false;

  constructor(
    private readonly clients: KubeClients,
    private readonly queue: WorkQueue,
    private readonly log: Logger,
    private readonly namespace?: string,
  ) {
    this.skillPods = this.informer<SkillPod>(
      skillPodApiVersion,
      skillPodKind,
      `${base}/${this.scoped(skillPodPlural)}`,
    );
    this.classes = makeInformer(clients.kubeConfig, `${base}/${skillPodClassPlural}`, () =>
      clients.objects.list<SkillPodClass>(skillPodApiVersion, skillPodClassKind),
    );
    this.storageClasses = makeInformer(clients.kubeConfig, "/apis/storage.k8s.io/v1/storageclasses", () =>
      clients.objects.list<V1StorageClass>("storage.k8s.io/v1", "StorageClass"),
    );
    for (const [apiVersion, kind, resource] of ownedKinds) {
      const prefix = apiVersion === "v1" ? "/api/v1" : `/apis/${apiVersion}`;
      this.owned.set(
        kind,
        this.informer(apiVersion, kind, `${prefix}/${this.scoped(resource)}`, ownedSelector),
      );
    }
  }

  /** With OPERATOR_WATCH_NAMESPACE the operator sees one namespace only (tests, or a replica per tenant). */
  private scoped(resource: string): string {
    return this.namespace ? `namespaces/${this.namespace}/${resource}` : resource;
  }

  private informer<T extends KubernetesObject>(
    apiVersion: string,
    kind: string,
    path: string,
    labelSelector?: string,
  ): Cached<T> {
    const { objects } = this.clients;
    const list: ListPromise<T> = () =>
      objects.list<T>(
        apiVersion,
        kind,
        this.namespace,
        undefined,
        undefined,
        undefined,
        undefined,
        labelSelector,
      );
    return makeInformer(this.clients.kubeConfig, path, list, labelSelector);
  }

  /** A child from the informer caches, if cached. */
  cached(kind: string, namespace: string, name: string): KubernetesObject | undefined {
    return this.owned.get(kind)?.get(name, namespace);
  }

  classOf(name: string): SkillPodClass | undefined {
    return this.classes.get(name);
  }

  storageClassOf(name: string): V1StorageClass | undefined {
    return this.storageClasses.get(name);
  }

  /**
   * Status-only updates (our own writes, mostly) need no reconcile: only spec (generation), metadata that
   * drives behaviour (annotations, labels, finalizers) or deletion does. kubebuilder's
   * GenerationChangedPredicate, widened to annotations because the session gateway reports activity there.
   */
  private onSkillPod(skillPod: SkillPod, deleted = false): void {
    const key = `${skillPod.metadata?.namespace}/${skillPod.metadata?.name}`;
    const m = skillPod.metadata ?? {};
    const signature = JSON.stringify([
      m.generation,
      m.annotations,
      m.labels,
      m.finalizers,
      m.deletionTimestamp,
    ]);
    if (deleted) this.seen.delete(key);
    else if (this.seen.get(key) === signature) return;
    else this.seen.set(key, signature);
    this.queue.add(key);
  }

  async start(resyncSeconds: number): Promise<void> {
    this.watch(
      this.skillPods,
      (s) => this.onSkillPod(s),
      (s) => this.onSkillPod(s, true),
    );
    this.watch(this.classes, (c) => this.enqueueClass(c.metadata?.name ?? ""));
    this.watch(this.storageClasses, () => undefined);
    for (const [kind, informer] of this.owned) {
      const enqueue = (o: KubernetesObject): void => this.enqueueOwner(o);
      this.watch(informer, enqueue, enqueue, kind);
    }
    const caches = [this.classes, this.storageClasses, ...this.owned.values()];
    await Promise.all(caches.map((i) => i.start()));
    await this.skillPods.start();
    // Watches can go silent for hours without an error: a full relist keeps reconciliation level-based.
    this.relist = setInterval(() => void this.resync(), resyncSeconds * 1000);
  }

  private watch<T extends KubernetesObject>(
    informer: Cached<T>,
    handle: (o: T) => void,
    onDelete: (o: T) => void = handle,
    kind = "",
  ): void {
    // The caches hold the very objects handed to these callbacks: compacting them (managedFields alone are
    // often half of a Pod) keeps the operator's memory in proportion to what it reads.
    // List items come without a kind, hence the one given.
    const slim = (o: T): T => compactForCache(kind || (o.kind ?? ""), o);
    informer.on("add", (o) => handle(slim(o)));
    informer.on("update", (o) => handle(slim(o)));
    informer.on("delete", onDelete);
    informer.on("error", (error: unknown) => {
      if (this.stopped) return;
      this.log.warn({ error: describeApiError(error) }, "Watch failed; restarting informer");
      setTimeout(() => void this.restart(informer), 1000);
    });
  }

  private async restart<T extends KubernetesObject>(informer: Cached<T>): Promise<void> {
    if (this.stopped) return;
    await informer
      .start()
      .catch((error: unknown) =>
        this.log.error({ error: describeApiError(error) }, "Failed to restart informer"),
      );
  }

  private enqueueOwner(child: KubernetesObject): void {
    const owner = child.metadata?.labels?.[labels.skillPod];
    if (owner) this.queue.add(`${child.metadata?.namespace}/${owner}`);
  }

  private enqueueClass(className: string): void {
    for (const skillPod of this.skillPods.list()) {
      if (skillPod.spec.className === className)
        this.queue.add(`${skillPod.metadata?.namespace}/${skillPod.metadata?.name}`);
    }
  }

  /** Lists SkillPods afresh from the API server and enqueues every one. */
  async resync(): Promise<number> {
    try {
      const list = await this.clients.objects.list<SkillPod>(
        skillPodApiVersion,
        skillPodKind,
        this.namespace,
      );
      for (const s of list.items) this.queue.add(`${s.metadata?.namespace}/${s.metadata?.name}`);
      return list.items.length;
    } catch (error) {
      this.log.warn({ error: describeApiError(error) }, "Failed to relist SkillPods");
      return 0;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.relist) clearInterval(this.relist);
    const informers = [this.skillPods, this.classes, this.storageClasses, ...this.owned.values()];
    await Promise.all(informers.map((i) => i.stop()));
  }
}
