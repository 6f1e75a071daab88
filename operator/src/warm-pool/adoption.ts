import {
  PatchStrategy,
  setHeaderOptions,
  type KubernetesObject,
  type V1Pod,
  type V1Secret,
} from "@kubernetes/client-node";
import type { SkillPod } from "@skillpod/api";
import { fieldManager, labels, skillPodComponents } from "@skillpod/api";
import type { Logger } from "pino";
import type { ChildCache, ChildWriter } from "../skillpod/child-writer.js";
import { isEphemeral } from "../skillpod/ephemeral-home.js";
import { deleteIgnoringMissing, statusCodeOf, type KubeClients } from "../skillpod/kube-clients.js";
import { childLabels, childNames, controllerReference, identityOf } from "../skillpod/names.js";
import { fitAnnotation, fitOf, streamSecretNameOf } from "./pool-member.js";
import { isPodReady } from "./pool-plan.js";

export type AdoptionResult = "adopted" | "miss" | "conflict";

/** The workspace Pod of a SkillPod that has (or just took) a pool Pod; undefined once it has none. */
export type PooledWorkspace = { pod: V1Pod | undefined };

export type AdoptionDeps = {
  clients: KubeClients;
  log: Logger;
  /** The pool watch's Pods of a namespace: pool Pods and Pods adopted from a pool. */
  podsIn: (namespace: string) => readonly V1Pod[];
  podOf: (namespace: string, name: string) => V1Pod | undefined;
  /** The operator's caches of owned kinds (stream Secrets are there). */
  cache: ChildCache;
  onAdoption: (result: AdoptionResult) => void;
  /** Asks the pool a Pod was taken from to make another. */
  refill: (namespace: string, className: string) => void;
  now?: () => number;
};

const mergePatch = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);
/** How long our own write may be ahead of the watch before the watch is believed again. */
const lagMs = 30_000;

type Taken = { name: string; replaced: string; pod: V1Pod; at: number };

const deleting = (pod: V1Pod): boolean => Boolean(pod.metadata?.deletionTimestamp);
const keyOf = (o: KubernetesObject): string => `${o.metadata?.namespace}/${o.metadata?.name}`;

function controlledBy(object: KubernetesObject | undefined, skillPod: SkillPod): boolean {
  const uid = skillPod.metadata?.uid;
  return (object?.metadata?.ownerReferences ?? []).some((r) => r.controller && r.uid === uid);
}

/** Fisher–Yates: SkillPods created together try the pool's Pods in different orders, and rarely collide. */
function shuffled<T>(items: T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1));
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/**
 * A SkillPod with an Ephemeral home takes a ready pool Pod of its class instead of waiting for a new one.
 * The take is a patch guarded by the Pod's resourceVersion, so of two SkillPods (or two operators) reaching
 * for one Pod exactly one wins; the loser tries another or makes its own. A Pod some SkillPod controls is
 * never a candidate, and a stopped SkillPod's adopted Pod is deleted, never given back to the pool.
 */
export class Adoption {
  /** Adoptions the watch may not show yet, by SkillPod (namespace/name). */
  private readonly taken = new Map<string, Taken>();
  /** Pods this process took, by namespace/name: their cached copies may still look free. */
  private readonly takenPods = new Map<string, number>();
  private readonly movedSecrets = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly deps: AdoptionDeps) {
    this.now = deps.now ?? Date.now;
  }

  /**
   * The warm pool's part in a reconcile: undefined when the pool has nothing to do with this SkillPod (a
   * Persistent home, its own Pod, no pool Pod that fits); otherwise its adopted Pod, kept or removed.
   */
  async workspaceOf(
    skillPod: SkillPod,
    desired: V1Pod | undefined,
    writer: ChildWriter,
  ): Promise<PooledWorkspace | undefined> {
    if (!isEphemeral(skillPod)) return undefined;
    this.forgetOld();
    const current = this.currentOf(skillPod);
    if (current) return this.keep(skillPod, current, desired, writer);
    await this.dropFormerCredential(skillPod);
    const { namespace, name } = identityOf(skillPod);
    if (!desired || writer.cachedPod(namespace, childNames(name).workspace)) return undefined;
    return this.adopt(skillPod, desired, writer);
  }

  private forgetOld(): void {
    const old = this.now() - 2 * lagMs;
    for (const [key, t] of this.taken) if (t.at < old) this.taken.delete(key);
    for (const map of [this.takenPods, this.movedSecrets])
      for (const [key, at] of map) if (at < old) map.delete(key);
  }

  /** Our newer copy while the watch still shows the one our patch replaced. */
  private fresherPod(skillPod: SkillPod, name: string): V1Pod | undefined {
    const cached = this.deps.podOf(skillPod.metadata?.namespace ?? "", name);
    const own = this.taken.get(keyOf(skillPod));
    if (own?.name !== name) return cached;
    const lagging = !cached || cached.metadata?.resourceVersion === own.replaced;
    if (lagging && this.now() - own.at < lagMs) return own.pod;
    this.taken.delete(keyOf(skillPod));
    return cached;
  }

  /** The Pod this SkillPod adopted, by our record or by status.podName. */
  private currentOf(skillPod: SkillPod): V1Pod | undefined {
    const own = childNames(skillPod.metadata?.name ?? "").workspace;
    const names = [this.taken.get(keyOf(skillPod))?.name, skillPod.status?.podName].filter(
      (name): name is string => name !== undefined && name !== own,
    );
    return names.map((name) => this.fresherPod(skillPod, name)).find((p) => controlledBy(p, skillPod));
  }

  /**
   * An adopted Pod that went without the operator deleting it (a node lost, a manual delete) leaves its
   * Secret owned by the SkillPod: a second credential for the gateway once the next Pod has its own.
   */
  private async dropFormerCredential(skillPod: SkillPod): Promise<void> {
    const { namespace, name } = identityOf(skillPod);
    const former = skillPod.status?.podName;
    if (!former || former === childNames(name).workspace) return;
    const secret = streamSecretNameOf(former);
    if (!controlledBy(this.deps.cache("Secret", namespace, secret), skillPod)) return;
    await deleteIgnoringMissing(() =>
      this.deps.clients.core.deleteNamespacedSecret({ namespace, name: secret }),
    );
  }

  /** A kept Pod must still be what the SkillPod would be given; if not (or stopped), it goes. */
  private async keep(
    skillPod: SkillPod,
    pod: V1Pod,
    desired: V1Pod | undefined,
    writer: ChildWriter,
  ): Promise<PooledWorkspace> {
    if (deleting(pod)) return { pod };
    const { namespace, name } = identityOf(pod);
    if (!desired || fitOf(desired.spec) !== pod.metadata?.annotations?.[fitAnnotation]) {
      await writer.deletePod(namespace, name);
      await deleteIgnoringMissing(() =>
        this.deps.clients.core.deleteNamespacedSecret({ namespace, name: streamSecretNameOf(name) }),
      );
      this.taken.delete(keyOf(skillPod));
      return { pod: { ...pod, metadata: { ...pod.metadata, deletionTimestamp: new Date(this.now()) } } };
    }
    await this.moveSecret(skillPod, name);
    return { pod };
  }

  private candidates(skillPod: SkillPod, desired: V1Pod): V1Pod[] {
    const fit = fitOf(desired.spec);
    return this.deps
      .podsIn(skillPod.metadata?.namespace ?? "")
      .filter(
        (p) =>
          p.metadata?.labels?.[labels.warmPool] === skillPod.spec.className &&
          p.metadata.annotations?.[fitAnnotation] === fit &&
          (p.metadata.ownerReferences ?? []).length === 0 &&
          isPodReady(p) &&
          !deleting(p) &&
          !this.takenPods.has(keyOf(p)),
      );
  }

  private async adopt(
    skillPod: SkillPod,
    desired: V1Pod,
    writer: ChildWriter,
  ): Promise<PooledWorkspace | undefined> {
    // A restart between an adoption and its status write: the Pod is the SkillPod's, status does not say so.
    const namespace = skillPod.metadata?.namespace ?? "";
    const unrecorded = this.deps.podsIn(namespace).find((p) => controlledBy(p, skillPod) && !deleting(p));
    if (unrecorded) return this.keep(skillPod, unrecorded, desired, writer);
    const candidates = this.candidates(skillPod, desired);
    if (candidates.length === 0) {
      this.deps.onAdoption("miss");
      return undefined;
    }
    for (const candidate of shuffled(candidates).slice(0, 3)) {
      const pod = await this.take(skillPod, candidate);
      if (pod) return this.adopted(skillPod, candidate, pod, writer);
    }
    return undefined;
  }

  /** The one write that decides who gets the Pod: labels and controller in one patch, at the version seen. */
  private async take(skillPod: SkillPod, candidate: V1Pod): Promise<V1Pod | undefined> {
    const { namespace, name } = identityOf(candidate);
    this.takenPods.set(keyOf(candidate), this.now());
    const body = {
      metadata: {
        resourceVersion: candidate.metadata?.resourceVersion,
        labels: { [labels.warmPool]: null, ...childLabels(skillPod, skillPodComponents.workspace) },
        ownerReferences: [controllerReference(skillPod)],
      },
    };
    try {
      return await this.deps.clients.core.patchNamespacedPod(
        { namespace, name, body, fieldManager },
        mergePatch,
      );
    } catch (error) {
      const code = statusCodeOf(error);
      if (code !== 409 && code !== 404) throw error;
      this.deps.onAdoption("conflict");
      return undefined;
    }
  }

  private async adopted(
    skillPod: SkillPod,
    candidate: V1Pod,
    pod: V1Pod,
    writer: ChildWriter,
  ): Promise<PooledWorkspace> {
    const { namespace, name } = identityOf(pod);
    const replaced = candidate.metadata?.resourceVersion ?? "";
    this.taken.set(keyOf(skillPod), { name, replaced, pod, at: this.now() });
    await this.moveSecret(skillPod, name);
    // The SkillPod's own credential (from a run before this one) would be a second one for the gateway.
    const own = childNames(skillPod.metadata?.name ?? "").streamSecret;
    if (this.deps.cache("Secret", namespace, own))
      await deleteIgnoringMissing(() =>
        this.deps.clients.core.deleteNamespacedSecret({ namespace, name: own }),
      );
    writer.changes.push({ kind: "Pod", name, action: "Adopted" });
    this.deps.refill(namespace, skillPod.spec.className);
    this.deps.onAdoption("adopted");
    this.deps.log.info(
      { namespace, skillPod: skillPod.metadata?.name, pod: name },
      `Adopted warm-pool Pod ${name} for SkillPod ${skillPod.metadata?.name}`,
    );
    return { pod };
  }

  /** The pool Pod's Secret becomes the SkillPod's stream credential: the gateway finds it by label and owner. */
  private async moveSecret(skillPod: SkillPod, podName: string): Promise<void> {
    const namespace = skillPod.metadata?.namespace ?? "";
    const name = streamSecretNameOf(podName);
    const cached: V1Secret | undefined = this.deps.cache("Secret", namespace, name);
    const moved = cached && controlledBy(cached, skillPod) && !cached.metadata?.labels?.[labels.warmPool];
    if (moved || this.movedSecrets.has(`${namespace}/${name}`)) return;
    const body = {
      metadata: {
        labels: { [labels.warmPool]: null, ...childLabels(skillPod, skillPodComponents.streamCredential) },
        ownerReferences: [controllerReference(skillPod)],
      },
    };
    await this.deps.clients.core.patchNamespacedSecret({ namespace, name, body, fieldManager }, mergePatch);
    this.movedSecrets.set(`${namespace}/${name}`, this.now());
  }
}
