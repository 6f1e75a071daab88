import {
  PatchStrategy,
  type KubernetesObject,
  type V1PersistentVolumeClaim,
  type V1Pod,
  type V1Secret,
} from "@kubernetes/client-node";
import type { SkillPod } from "@skillpod/api";
import { fieldManager } from "@skillpod/api";
import { isCurrent, stampApplied } from "./applied-state.js";
import { streamSecretFor } from "./desired-children.js";
import { podSpecHashAnnotation } from "./desired-pod.js";
import { deleteIgnoringMissing, readOptional, statusCodeOf, type KubeClients } from "./kube-clients.js";
import { identityOf } from "./names.js";
import { needsViewPassword, newStreamPasswords, passwordsKeptFrom } from "./stream-credential.js";

/** The informer caches of the owned kinds, read before asking the API server. */
export type ChildCache = (kind: string, namespace: string, name: string) => KubernetesObject | undefined;

/** What this process last applied to a child: lets an unchanged child skip the round trip. */
export type AppliedRecord = { resourceVersion: string; desiredHash: string };
export type AppliedRecords = Map<string, AppliedRecord>;

/** Children that can be recreated without losing anything: not the home volume, not the stream credential. */
const replaceable = new Set(["Service", "NetworkPolicy", "ServiceAccount"]);

const specHash = (pod: V1Pod): string | undefined => pod.metadata?.annotations?.[podSpecHashAnnotation];

/** Same desired object and nobody wrote the child since our own apply: nothing to repair, no request. */
function unchangedSince(
  last: AppliedRecord | undefined,
  desiredHash: string,
  cached: KubernetesObject,
): boolean {
  return last?.desiredHash === desiredHash && last.resourceVersion === cached.metadata?.resourceVersion;
}

export type ChildChange = {
  kind: string;
  name: string;
  action: "Created" | "Deleted" | "Replaced" | "Adopted";
};

/** Writes children with server-side apply under one field manager, noting what it created or removed. */
export class ChildWriter {
  readonly changes: ChildChange[] = [];

  constructor(
    private readonly clients: KubeClients,
    private readonly cache: ChildCache,
    private readonly applied: AppliedRecords,
    private readonly onApply: (kind: string) => void = () => undefined,
  ) {}

  /** Force-apply: a field edited out of band by another manager is taken back (drift repair). */
  async apply<T extends KubernetesObject>(desired: T): Promise<T> {
    const kind = desired.kind ?? "";
    const { namespace, name } = identityOf(desired);
    const key = `${kind}/${namespace}/${name}`;
    const cached = this.cache(kind, namespace, name) as T | undefined;
    const { stamped, hash } = stampApplied(desired);
    const last = this.applied.get(key);
    if (cached && (isCurrent(stamped, hash, cached) || unchangedSince(last, hash, cached))) return cached;
    const created = !cached && !last ? await this.createIfAbsent(stamped, kind, hash) : undefined;
    if (created) return created;
    try {
      this.onApply(kind);
      const result = await this.forceApply(stamped);
      this.noteWritten(result, kind, hash, !cached && !last);
      return result;
    } catch (error) {
      await this.replaceIfUnmergeable(desired, error);
      throw error;
    }
  }

  /**
   * A child neither cached nor written by this process is most likely new, and a create costs the API server
   * much less than an apply that creates (a Service made by apply took ~5× as long as one made by POST, with
   * its ClusterIP allocation inside the apply's retry loop). Fields a later apply no longer sets stay with
   * the create's entry of the same manager; desired children only ever gain fields. Already there (made a
   * moment ago, not cached yet): undefined, and the apply takes over.
   */
  private async createIfAbsent<T extends KubernetesObject>(
    stamped: T,
    kind: string,
    hash: string,
  ): Promise<T | undefined> {
    try {
      this.onApply(kind);
      const created = await this.clients.objects.create(stamped, undefined, undefined, fieldManager);
      this.noteWritten(created, kind, hash, true);
      return created;
    } catch (error) {
      if (statusCodeOf(error) === 409) return undefined;
      throw error;
    }
  }

  /** What this process wrote, so an unchanged child is skipped next time; and a new child for the Event. */
  private noteWritten(result: KubernetesObject, kind: string, hash: string, created: boolean): void {
    const { namespace, name } = identityOf(result);
    this.applied.set(`${kind}/${namespace}/${name}`, {
      resourceVersion: result.metadata?.resourceVersion ?? "",
      desiredHash: hash,
    });
    if (created) this.changes.push({ kind, name, action: "Created" });
  }

  /**
   * An out-of-band edit can leave what an apply cannot merge (a Service port re-keyed under another manager
   * duplicates the port name): such a child is deleted, and the retry recreates it as desired.
   */
  private async replaceIfUnmergeable(desired: KubernetesObject, error: unknown): Promise<void> {
    if (statusCodeOf(error) !== 422 || !replaceable.has(desired.kind ?? "")) return;
    await deleteIgnoringMissing(() => this.clients.objects.delete(desired));
    this.changes.push({ kind: desired.kind ?? "", name: desired.metadata?.name ?? "", action: "Replaced" });
  }

  private forceApply<T extends KubernetesObject>(desired: T): Promise<T> {
    return this.clients.objects.patch(
      desired,
      undefined,
      undefined,
      fieldManager,
      true,
      PatchStrategy.ServerSideApply,
    );
  }

  /**
   * The stream credential is random once, then kept: rotating it on every reconcile would cut sessions. A
   * Secret that lacks the view-only password gets one, beside the interactive password it keeps.
   * Not cached means new, or made a moment ago and not seen yet: a create settles which, in one request
   * for a new SkillPod instead of a read and an apply; an existing Secret keeps its credential.
   */
  async applyStreamSecret(skillPod: SkillPod): Promise<V1Secret> {
    const { namespace, name } = identityOf(streamSecretFor(skillPod, { interactive: "", view: "" }));
    const cached: V1Secret | undefined = this.cache("Secret", namespace, name);
    if (cached) {
      // A password about to be added is read fresh: a cache a moment behind our own write would mint
      // another one, and a desktop started in between would hold the first.
      const current = needsViewPassword(cached)
        ? await this.clients.core.readNamespacedSecret({ name, namespace })
        : cached;
      return this.apply(streamSecretFor(skillPod, passwordsKeptFrom(current)));
    }
    const { stamped, hash } = stampApplied(streamSecretFor(skillPod, newStreamPasswords()));
    try {
      this.onApply("Secret");
      const created = await this.clients.objects.create(stamped, undefined, undefined, fieldManager);
      this.noteWritten(created, "Secret", hash, true);
      return created;
    } catch (error) {
      if (statusCodeOf(error) !== 409) throw error;
    }
    const existing = await this.clients.core.readNamespacedSecret({ name, namespace });
    return this.apply(streamSecretFor(skillPod, passwordsKeptFrom(existing)));
  }

  /** The cache first; on a miss the API server, since a child made a moment ago may not be cached yet. */
  private async read<T extends KubernetesObject>(
    kind: string,
    namespace: string,
    name: string,
    fetch: () => Promise<T>,
  ): Promise<T | undefined> {
    return (this.cache(kind, namespace, name) as T | undefined) ?? readOptional(fetch);
  }

  readPod(namespace: string, name: string): Promise<V1Pod | undefined> {
    return this.read("Pod", namespace, name, () => this.clients.core.readNamespacedPod({ namespace, name }));
  }

  cachedPod(namespace: string, name: string): V1Pod | undefined {
    return this.cache("Pod", namespace, name);
  }

  /** The informer's copy only: the hot path, where a miss means a new home (homes carry our label, so a
   * retained one is cached long before a SkillPod wants it back). */
  cachedClaim(namespace: string, name: string): V1PersistentVolumeClaim | undefined {
    return this.cache("PersistentVolumeClaim", namespace, name);
  }

  readClaim(namespace: string, name: string): Promise<V1PersistentVolumeClaim | undefined> {
    return this.read("PersistentVolumeClaim", namespace, name, () =>
      this.clients.core.readNamespacedPersistentVolumeClaim({ namespace, name }),
    );
  }

  /** Pod specs are immutable: a Pod built from another spec is deleted, and created anew next time. */
  async applyPod(desired: V1Pod): Promise<V1Pod | undefined> {
    const { namespace, name } = identityOf(desired);
    // The cache alone: a Pod too new to be cached is ours from a moment ago, and an apply to it is harmless.
    const existing = this.cachedPod(namespace, name);
    if (!existing) return this.apply(desired);
    if (existing.metadata?.deletionTimestamp) return existing;
    if (specHash(existing) === specHash(desired)) return this.apply(desired);
    await this.deletePod(namespace, name, "Replaced");
    return undefined;
  }

  async deletePod(
    namespace: string,
    name: string,
    action: "Deleted" | "Replaced" = "Deleted",
  ): Promise<void> {
    const removed = await deleteIgnoringMissing(() =>
      this.clients.core.deleteNamespacedPod({ namespace, name, gracePeriodSeconds: 30 }),
    );
    // Forgotten, so the Pod made again later is known for a new one (created, and reported).
    this.applied.delete(`Pod/${namespace}/${name}`);
    if (removed) this.changes.push({ kind: "Pod", name, action });
  }
}
