import type { V1Pod, V1Secret } from "@kubernetes/client-node";
import type { SkillPodClass } from "@skillpod/api";
import { fieldManager, labels } from "@skillpod/api";
import type { Logger } from "pino";
import type { ReconcileResult } from "../runtime/index.js";
import { ChildWriter, type AppliedRecords, type ChildCache } from "../skillpod/child-writer.js";
import { deleteIgnoringMissing, type KubeClients } from "../skillpod/kube-clients.js";
import {
  classFitOf,
  poolMemberFor,
  poolMemberName,
  poolNetworkPolicyFor,
  poolObjectName,
  poolServiceAccountFor,
  streamSecretNameOf,
} from "./pool-member.js";
import { planPool, type PoolPlan } from "./pool-plan.js";

export type PoolReconcilerDeps = {
  clients: KubeClients;
  log: Logger;
  classOf: (name: string) => SkillPodClass | undefined;
  /** Where a class keeps pools, within what this operator watches. */
  namespacesOf: (skillPodClass: SkillPodClass) => string[];
  /** The pool watch's Pods of a namespace: pool Pods and Pods adopted from a pool. */
  podsIn: (namespace: string) => readonly V1Pod[];
  /** The pool watch's stream Secrets of a namespace (those still labelled for a pool). */
  secretsIn: (namespace: string) => readonly V1Secret[];
  /** The operator's caches of owned kinds (the pool's ServiceAccount and NetworkPolicy are there). */
  cache: ChildCache;
  onApply?: (kind: string) => void;
  report: (namespace: string, className: string, plan: PoolPlan) => void;
  now?: () => number;
};

/** A Pod made this long ago and still not shown by the watch is taken as lost. */
const unseenForgetMs = 30_000;
/** A pool Secret without its Pod for this long was left by a creation cut short. */
const orphanAgeMs = 60_000;
const streamSuffix = streamSecretNameOf("").length;

const deleting = (pod: V1Pod): boolean => Boolean(pod.metadata?.deletionTimestamp);

/** Keeps one class's pool in one namespace at its size (key: namespace/class); size 0 removes it all. */
export class PoolReconciler {
  private readonly created = new Map<string, { pool: string; at: number }>();
  private readonly applied: AppliedRecords = new Map();
  private readonly now: () => number;

  constructor(private readonly deps: PoolReconcilerDeps) {
    this.now = deps.now ?? Date.now;
  }

  async reconcile(key: string): Promise<ReconcileResult> {
    const [namespace = "", className = ""] = key.split("/");
    const skillPodClass = this.wantedClass(className, namespace);
    const size = skillPodClass?.spec.warmPool?.size ?? 0;
    const all = this.deps.podsIn(namespace);
    const members = all.filter((p) => p.metadata?.labels?.[labels.warmPool] === className && !deleting(p));
    const plan = planPool(members, size, classFitOf(skillPodClass), this.unseen(key, all));
    await Promise.all(plan.remove.map((pod) => this.removeMember(pod)));
    if (size > 0 && skillPodClass) await this.fill(skillPodClass, namespace, plan.create);
    await this.removeOrphanSecrets(namespace, className, all);
    if (size === 0 && members.length === plan.remove.length) await this.removeShared(className, namespace);
    this.deps.report(namespace, className, plan);
    return {};
  }

  /** The class, if it exists and keeps a pool in this namespace. */
  private wantedClass(className: string, namespace: string): SkillPodClass | undefined {
    const skillPodClass = this.deps.classOf(className);
    return skillPodClass && this.deps.namespacesOf(skillPodClass).includes(namespace)
      ? skillPodClass
      : undefined;
  }

  /** Pods this process made for the pool that the watch has not shown yet. */
  private unseen(pool: string, all: readonly V1Pod[]): number {
    const shown = new Set(all.map((p) => p.metadata?.name));
    let count = 0;
    for (const [key, made] of this.created) {
      const name = key.slice(key.indexOf("/") + 1);
      if (shown.has(name) || this.now() - made.at > unseenForgetMs) this.created.delete(key);
      else if (made.pool === pool) count += 1;
    }
    return count;
  }

  private async fill(skillPodClass: SkillPodClass, namespace: string, count: number): Promise<void> {
    const className = skillPodClass.metadata?.name ?? "";
    const writer = new ChildWriter(this.deps.clients, this.deps.cache, this.applied, this.deps.onApply);
    await Promise.all([
      writer.apply(poolServiceAccountFor(className, namespace)),
      writer.apply(poolNetworkPolicyFor(className, namespace)),
    ]);
    await Promise.all(Array.from({ length: count }, () => this.createMember(skillPodClass, namespace)));
  }

  /** The Secret first: the Pod reads its passwords when its container starts. */
  private async createMember(skillPodClass: SkillPodClass, namespace: string): Promise<void> {
    const className = skillPodClass.metadata?.name ?? "";
    const name = poolMemberName(className);
    const member = poolMemberFor(skillPodClass, namespace, name);
    if (!member) return;
    const { core } = this.deps.clients;
    this.created.set(`${namespace}/${name}`, { pool: `${namespace}/${className}`, at: this.now() });
    this.deps.onApply?.("Secret");
    await core.createNamespacedSecret({ namespace, body: member.secret, fieldManager });
    try {
      this.deps.onApply?.("Pod");
      await core.createNamespacedPod({ namespace, body: member.pod, fieldManager });
    } catch (error) {
      this.created.delete(`${namespace}/${name}`);
      await this.removeSecret(namespace, streamSecretNameOf(name));
      throw error;
    }
    this.deps.log.info({ namespace, pod: name, class: className }, `Created warm-pool Pod ${name}`);
  }

  private async removeMember(pod: V1Pod): Promise<void> {
    const { name = "", namespace = "" } = pod.metadata ?? {};
    await deleteIgnoringMissing(() =>
      this.deps.clients.core.deleteNamespacedPod({ name, namespace, gracePeriodSeconds: 5 }),
    );
    await this.removeSecret(namespace, streamSecretNameOf(name));
    this.deps.log.info({ namespace, pod: name }, `Deleted warm-pool Pod ${name}`);
  }

  private async removeSecret(namespace: string, name: string): Promise<void> {
    await deleteIgnoringMissing(() => this.deps.clients.core.deleteNamespacedSecret({ name, namespace }));
  }

  /** A creation cut short (the Pod refused, the process stopped) leaves a Secret without its Pod. */
  private async removeOrphanSecrets(
    namespace: string,
    className: string,
    all: readonly V1Pod[],
  ): Promise<void> {
    const pods = new Set(all.map((p) => p.metadata?.name));
    const orphans = this.deps.secretsIn(namespace).filter((s) => {
      const name = s.metadata?.name ?? "";
      const podName = name.slice(0, name.length - streamSuffix);
      // From a watch the timestamp is the API's string, from a list a Date: either way a date.
      const age = this.now() - new Date(s.metadata?.creationTimestamp ?? this.now()).getTime();
      const mine = s.metadata?.labels?.[labels.warmPool] === className;
      return mine && !pods.has(podName) && !this.created.has(`${namespace}/${podName}`) && age > orphanAgeMs;
    });
    await Promise.all(orphans.map((s) => this.removeSecret(namespace, s.metadata?.name ?? "")));
  }

  /** The pool's ServiceAccount and NetworkPolicy go with its last Pod. */
  private async removeShared(className: string, namespace: string): Promise<void> {
    const name = poolObjectName(className);
    const { core, networking } = this.deps.clients;
    if (this.deps.cache("ServiceAccount", namespace, name))
      await deleteIgnoringMissing(() => core.deleteNamespacedServiceAccount({ name, namespace }));
    if (this.deps.cache("NetworkPolicy", namespace, name))
      await deleteIgnoringMissing(() => networking.deleteNamespacedNetworkPolicy({ name, namespace }));
  }
}
