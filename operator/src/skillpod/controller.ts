import {
  makeInformer,
  type Informer,
  type KubeConfig,
  type KubernetesObject,
  type ListPromise,
  type ObjectCache,
} from "@kubernetes/client-node";
import type { SkillPod, SkillPodClass } from "@skillpod/api";
import {
  labels,
  managedBy,
  skillPodClassPlural,
  skillPodGroup,
  skillPodPlural,
  skillPodVersion,
} from "@skillpod/api";
import type { Logger } from "pino";
import type { WorkQueue } from "../runtime/index.js";
import type { KubeClients } from "./kube-clients.js";

type Cached<T extends KubernetesObject> = Informer<T> & ObjectCache<T>;

const ownedSelector = `${labels.managedBy}=${managedBy}`;
const base = `/apis/${skillPodGroup}/${skillPodVersion}`;

/** Informers on SkillPods, SkillPodClasses and every owned kind, feeding namespace/name keys to the queue. */
export class SkillPodController {
  readonly skillPods: Cached<SkillPod>;
  private readonly classes: Cached<SkillPodClass>;
  private readonly owned = new Map<string, Cached<KubernetesObject>>();
  private relist: NodeJS.Timeout | undefined;
  private stopped = false;

  constructor(
    private readonly kubeConfig: KubeConfig,
    private readonly clients: KubeClients,
    private readonly queue: WorkQueue,
    private readonly log: Logger,
  ) {
    const custom = clients.custom;
    const list = (plural: string) => () =>
      custom.listClusterCustomObject({ group: skillPodGroup, version: skillPodVersion, plural });
    this.skillPods = makeInformer(
      kubeConfig,
      `${base}/${skillPodPlural}`,
      list(skillPodPlural) as ListPromise<SkillPod>,
    );
    this.classes = makeInformer(
      kubeConfig,
      `${base}/${skillPodClassPlural}`,
      list(skillPodClassPlural) as ListPromise<SkillPodClass>,
    );
    this.addOwned(clients);
  }

  private addOwned(clients: KubeClients): void {
    const { core, networking } = clients;
    const s = ownedSelector;
    const kinds: [string, string, ListPromise<KubernetesObject>][] = [
      ["Pod", "/api/v1/pods", () => core.listPodForAllNamespaces({ labelSelector: s })],
      ["Service", "/api/v1/services", () => core.listServiceForAllNamespaces({ labelSelector: s })],
      [
        "PersistentVolumeClaim",
        "/api/v1/persistentvolumeclaims",
        () => core.listPersistentVolumeClaimForAllNamespaces({ labelSelector: s }),
      ],
      ["Secret", "/api/v1/secrets", () => core.listSecretForAllNamespaces({ labelSelector: s })],
      [
        "ServiceAccount",
        "/api/v1/serviceaccounts",
        () => core.listServiceAccountForAllNamespaces({ labelSelector: s }),
      ],
      [
        "NetworkPolicy",
        "/apis/networking.k8s.io/v1/networkpolicies",
        () => networking.listNetworkPolicyForAllNamespaces({ labelSelector: s }),
      ],
    ];
    for (const [kind, path, list] of kinds)
      this.owned.set(kind, makeInformer(this.kubeConfig, path, list, s));
  }

  /** Whether a child is in the informer cache: tells the reconciler a create from a re-apply. */
  knows(kind: string, namespace: string, name: string): boolean {
    return this.owned.get(kind)?.get(name, namespace) !== undefined;
  }

  async start(resyncSeconds: number): Promise<void> {
    const enqueue = (o: KubernetesObject): void =>
      this.queue.add(`${o.metadata?.namespace}/${o.metadata?.name}`);
    this.watch(this.skillPods, enqueue);
    this.watch(this.classes, (c) => this.enqueueClass(c.metadata?.name ?? ""));
    for (const informer of this.owned.values()) this.watch(informer, (o) => this.enqueueOwner(o));
    await Promise.all([this.classes.start(), ...[...this.owned.values()].map((i) => i.start())]);
    await this.skillPods.start();
    // Watches can go silent for hours without an error: a full relist keeps reconciliation level-based.
    this.relist = setInterval(() => void this.resync(), resyncSeconds * 1000);
  }

  private watch<T extends KubernetesObject>(informer: Cached<T>, handle: (o: T) => void): void {
    informer.on("add", handle);
    informer.on("update", handle);
    informer.on("delete", handle);
    informer.on("error", (error: unknown) => {
      if (this.stopped) return;
      this.log.warn({ err: error }, "Watch failed; restarting informer");
      setTimeout(
        () =>
          void informer
            .start()
            .catch((e: unknown) => this.log.error({ err: e }, "Failed to restart informer")),
        1000,
      );
    });
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
      const list = (await this.clients.custom.listClusterCustomObject({
        group: skillPodGroup,
        version: skillPodVersion,
        plural: skillPodPlural,
      })) as { items: SkillPod[] };
      for (const s of list.items) this.queue.add(`${s.metadata?.namespace}/${s.metadata?.name}`);
      return list.items.length;
    } catch (error) {
      this.log.warn({ err: error }, "Failed to relist SkillPods");
      return 0;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.relist) clearInterval(this.relist);
    await Promise.all([this.skillPods, this.classes, ...this.owned.values()].map((i) => i.stop()));
  }
}
