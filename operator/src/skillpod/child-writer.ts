import {
  PatchStrategy,
  type KubernetesObject,
  type V1PersistentVolumeClaim,
  type V1Pod,
} from "@kubernetes/client-node";
import type { SkillPod } from "@skillpod/api";
import { fieldManager } from "@skillpod/api";
import { randomBytes } from "node:crypto";
import { deleteIgnoringMissing, readOptional, statusCodeOf, type KubeClients } from "./kube-clients.js";
import { podSpecHashAnnotation } from "./desired-pod.js";
import { childNames, identityOf } from "./names.js";

/** Whether a child is already known (from the informer caches), to tell a create from a re-apply. */
export type ChildLookup = (kind: string, namespace: string, name: string) => boolean;

/** Children that can be recreated without losing anything: not the home volume, not the stream credential. */
const replaceable = new Set(["Service", "NetworkPolicy", "ServiceAccount"]);

const specHash = (pod: V1Pod): string | undefined => pod.metadata?.annotations?.[podSpecHashAnnotation];

export type ChildChange = { kind: string; name: string; action: "Created" | "Deleted" | "Replaced" };

/** Writes children with server-side apply under one field manager, noting what it created or removed. */
export class ChildWriter {
  readonly changes: ChildChange[] = [];

  constructor(
    private readonly clients: KubeClients,
    private readonly known: ChildLookup,
  ) {}

  /** Force-apply: a field edited out of band by another manager is taken back (drift repair). */
  async apply<T extends KubernetesObject>(desired: T): Promise<T> {
    const kind = desired.kind ?? "";
    const { namespace = "", name = "" } = desired.metadata ?? {};
    const existed = this.known(kind, namespace, name);
    try {
      const applied = await this.forceApply(desired);
      if (!existed) this.changes.push({ kind, name, action: "Created" });
      return applied;
    } catch (error) {
      if (statusCodeOf(error) !== 422 || !replaceable.has(kind)) throw error;
      // An out-of-band edit can leave what an apply cannot merge (a Service port re-keyed under another
      // manager duplicates the port name): replace the child, which the retry then recreates as desired.
      await deleteIgnoringMissing(() => this.clients.objects.delete(desired));
      this.changes.push({ kind, name, action: "Replaced" });
      throw error;
    }
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

  /** The stream credential is random once, then kept: rotating it on every reconcile would cut sessions. */
  async streamPassword(skillPod: SkillPod): Promise<string> {
    const name = childNames(skillPod.metadata?.name ?? "").streamSecret;
    const namespace = skillPod.metadata?.namespace ?? "";
    const existing = await readOptional(() => this.clients.core.readNamespacedSecret({ name, namespace }));
    const encoded = existing?.data?.password;
    return encoded ? Buffer.from(encoded, "base64").toString("utf8") : randomBytes(24).toString("base64url");
  }

  readPod(namespace: string, name: string): Promise<V1Pod | undefined> {
    return readOptional(() => this.clients.core.readNamespacedPod({ namespace, name }));
  }

  readClaim(namespace: string, name: string): Promise<V1PersistentVolumeClaim | undefined> {
    return readOptional(() => this.clients.core.readNamespacedPersistentVolumeClaim({ namespace, name }));
  }

  /** Pod specs are immutable: a Pod built from another spec is deleted, and created anew next time. */
  async applyPod(desired: V1Pod): Promise<V1Pod | undefined> {
    const { namespace, name } = identityOf(desired);
    const existing = await this.readPod(namespace, name);
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
    if (removed) this.changes.push({ kind: "Pod", name, action });
  }
}
