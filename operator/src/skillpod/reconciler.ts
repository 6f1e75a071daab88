import type { V1PersistentVolumeClaim, V1Pod, V1StorageClass } from "@kubernetes/client-node";
import type { SkillPod, SkillPodClass } from "@skillpod/api";
import { activityAnnotation, finalizerName } from "@skillpod/api";
import type { Logger } from "pino";
import { isApiStatus, type EventRecorder, type ReconcileResult } from "../runtime/index.js";
import { ChildChangeReport } from "./child-report.js";
import { ChildWriter, type AppliedRecords, type ChildCache } from "./child-writer.js";
import { homeClaimFor, serviceAccountFor, streamServiceFor } from "./desired-children.js";
import { networkPolicyFor } from "./desired-network-policy.js";
import { workspacePodFor } from "./desired-pod.js";
import { streamPortOf } from "./desktop-container.js";
import { clearRetainedLabel, homeProblem, releaseHome } from "./home-claim.js";
import type { KubeClients } from "./kube-clients.js";
import { decideLifecycle, idlePolicy, lastActivity, type LifecycleDecision } from "./lifecycle.js";
import { decideBudget, soonerDue, stopForBudget, type BudgetDecision } from "./budget.js";
import { childNames, identityOf } from "./names.js";
import { decideResources, type WorkspaceResources } from "./resources.js";
import { statusOf, type Observation, type Problem } from "./status.js";
import { OwnWrites } from "./own-writes.js";
import { SkillPodStore } from "./skillpod-store.js";
import { StatusWriter } from "./status-writer.js";
import { isEphemeral } from "./ephemeral-home.js";
import type { Adoption } from "../warm-pool/index.js";

export type ReconcilerDeps = {
  clients: KubeClients;
  events: EventRecorder;
  log: Logger;
  /** Informer caches: children by kind, and classes by name. */
  cache: ChildCache;
  classOf?: (name: string) => SkillPodClass | undefined;
  /** StorageClasses by name, to know whether a home binds before its Pod exists. */
  storageClassOf?: (name: string) => V1StorageClass | undefined;
  /** The SkillPod informer's cache; a miss (or none) reads the API server. */
  skillPodOf?: (namespace: string, name: string) => SkillPod | undefined;
  /** Counts each child write by kind (skillpod_operator_child_applies_total). */
  onApply?: (kind: string) => void;
  now?: () => number;
  /** How often a running SkillPod's usage is refreshed even when nothing else is due. */
  usageRefreshMs?: number;
  /** Whether the work queue holds this key again (it changed during the reconcile). */
  queuedAgain?: (key: string) => boolean;
  /** Warm-pool adoption, for SkillPods with an Ephemeral home. */
  warmPool?: Pick<Adoption, "workspaceOf">;
};

const problemRetryMs = 30_000;
/** A write refused because the cached SkillPod was stale: soon the cache has caught up. */
const staleRetryMs = 250;

function classNotFound(skillPod: SkillPod): Problem {
  return { reason: "ClassNotFound", message: `SkillPodClass ${skillPod.spec.className} does not exist` };
}
const clamp = (ms: number, min: number, max: number): number => Math.min(Math.max(ms, min), max);

/** The SkillPod reconcile: get → finalizer → deletion branch → children → status → requeue. */
export class SkillPodReconciler {
  private readonly store: SkillPodStore;
  private readonly now: () => number;
  private readonly applied: AppliedRecords = new Map();
  private readonly ownWrites = new OwnWrites();
  private readonly childReport: ChildChangeReport;
  private readonly statuses: StatusWriter;

  constructor(private readonly deps: ReconcilerDeps) {
    this.store = new SkillPodStore(deps.clients);
    this.now = deps.now ?? Date.now;
    this.childReport = new ChildChangeReport(deps.events, deps.log);
    this.statuses = new StatusWriter({ ...deps, store: this.store, ownWrites: this.ownWrites });
  }

  async reconcile(key: string): Promise<ReconcileResult> {
    const [namespace = "", name = ""] = key.split("/");
    try {
      return await this.reconcileFound(namespace, name);
    } catch (error) {
      return this.afterStaleRead(namespace, name, error);
    }
  }

  /** 409: changed since cached; 404: perhaps deleted since cached. The next pass reads what the cache has learnt. */
  private async afterStaleRead(namespace: string, name: string, error: unknown): Promise<ReconcileResult> {
    const gone = isApiStatus(error, 404) && !(await this.store.get(namespace, name));
    if (gone) return {};
    if (!isApiStatus(error, 409) && !isApiStatus(error, 404)) throw error;
    this.deps.log.debug(
      { namespace, name },
      `SkillPod ${namespace}/${name} changed since it was cached; requeued`,
    );
    return { requeueAfterMs: staleRetryMs };
  }

  /**
   * Reads the informer's copy, as controller-runtime does: a GET per reconcile was the operator's most
   * frequent request. Writes carry the resourceVersion read, so a stale copy costs a conflict, not a lost update.
   */
  private async reconcileFound(namespace: string, name: string): Promise<ReconcileResult> {
    const cached = this.ownWrites.fresher(namespace, name, this.deps.skillPodOf?.(namespace, name));
    const found = cached ?? (await this.store.get(namespace, name));
    if (!found) return {};
    if (found.metadata?.deletionTimestamp) return this.finalize(found);
    const skillPod = await this.withFinalizer(found);
    const skillPodClass =
      this.deps.classOf?.(skillPod.spec.className) ?? (await this.store.getClass(skillPod.spec.className));
    if (!skillPodClass) return this.halt(skillPod, classNotFound(skillPod), problemRetryMs);
    const decision = decideResources(skillPod, skillPodClass);
    if (!decision.ok) return this.halt(skillPod, { reason: "Invalid", message: decision.message }, undefined);
    return this.converge(skillPod, skillPodClass, decision.resources, decision.homeSize);
  }

  private writer(): ChildWriter {
    return new ChildWriter(this.deps.clients, this.deps.cache, this.applied, this.deps.onApply);
  }

  private withFinalizer(skillPod: SkillPod): Promise<SkillPod> {
    const present = skillPod.metadata?.finalizers?.includes(finalizerName);
    return present
      ? Promise.resolve(skillPod)
      : this.store.addFinalizer(skillPod).then((after) => {
          this.ownWrites.record(skillPod, after);
          return after;
        });
  }

  private async converge(
    skillPod: SkillPod,
    skillPodClass: SkillPodClass,
    resources: WorkspaceResources,
    homeSize: string,
  ): Promise<ReconcileResult> {
    const now = this.now();
    const reported = this.reportedActivity(skillPod);
    const lifecycle = decideLifecycle(
      skillPod,
      idlePolicy(skillPod, skillPodClass),
      lastActivity(skillPod, reported),
      now,
    );
    const early = await this.applyLifecycle(skillPod, lifecycle);
    if (early) return early;
    const wantsPod = skillPod.spec.state !== "Stopped" && !lifecycle.expired;
    const budget = decideBudget(skillPod, wantsPod, now);
    if (budget?.stop) return this.stopForBudget(skillPod, budget);
    const writer = this.writer();
    const homeProblem = await this.checkHome(skillPod, writer);
    if (homeProblem) return this.halt(skillPod, homeProblem, problemRetryMs);
    const desiredPod = wantsPod ? workspacePodFor(skillPod, skillPodClass, resources) : undefined;
    const desired = { pod: desiredPod, homeSize };
    const { claim, pod } = await this.childrenAndPod(skillPod, skillPodClass, desired, writer);
    const observation: Observation = {
      skillPod,
      now,
      lifecycle,
      pod,
      claim,
      networkIsolated: true,
      streamPort: streamPortOf(skillPodClass),
      reportedActivityAt: reported,
      budget,
    };
    await Promise.all([
      this.childReport.report(skillPod, writer.changes, wantsPod && !pod),
      this.statuses.superseded(skillPod, writer.changes) ? undefined : this.statuses.write(observation),
    ]);
    const due = { ...lifecycle, nextDueMs: soonerDue(lifecycle.nextDueMs, budget) };
    return { requeueAfterMs: this.nextRequeue(due, wantsPod) };
  }

  private async stopForBudget(skillPod: SkillPod, budget: BudgetDecision): Promise<ReconcileResult> {
    const stop = (s: SkillPod, reason: string): Promise<SkillPod> => this.store.stop(s, reason);
    await stopForBudget({ ...this.deps, stop }, skillPod, budget);
    return {};
  }

  private reportedActivity(skillPod: SkillPod): number | undefined {
    const times = [skillPod.metadata?.annotations?.[activityAnnotation], skillPod.status?.lastActivityAt]
      .map((t) => (t ? Date.parse(t) : NaN))
      .filter((t) => !Number.isNaN(t));
    return times.length > 0 ? Math.max(...times) : undefined;
  }

  /** Expiry with Delete removes the SkillPod; an idle timeout stops it. Either way this pass ends here. */
  private async applyLifecycle(
    skillPod: SkillPod,
    lifecycle: LifecycleDecision,
  ): Promise<ReconcileResult | undefined> {
    if (lifecycle.expired && skillPod.spec.expiryAction === "Delete") {
      await this.deps.events.record(
        skillPod,
        "Normal",
        "Expired",
        `Deleted SkillPod ${skillPod.metadata?.name}: expired at ${skillPod.spec.expiresAt}`,
      );
      await this.store.delete(skillPod);
      return {};
    }
    if (lifecycle.idleStop) {
      await this.store.stop(skillPod, "Idle");
      await this.deps.events.record(
        skillPod,
        "Normal",
        "IdleStopped",
        `Stopped SkillPod ${skillPod.metadata?.name} after the idle timeout`,
      );
      this.deps.log.info(
        { skillPod: skillPod.metadata?.name, namespace: skillPod.metadata?.namespace },
        `Stopped idle SkillPod ${skillPod.metadata?.name}`,
      );
      return {};
    }
    return undefined;
  }

  private async checkHome(skillPod: SkillPod, writer: ChildWriter): Promise<Problem | undefined> {
    if (isEphemeral(skillPod)) return undefined;
    const namespace = skillPod.metadata?.namespace ?? "";
    const claim = writer.cachedClaim(namespace, childNames(skillPod.metadata?.name ?? "").home);
    const problem = homeProblem(skillPod, claim);
    if (!problem && claim) await clearRetainedLabel(claim, this.deps.clients);
    return problem;
  }

  /** The children, then the Pod: an adopted warm-pool Pod (it brings its own stream Secret) or its own. */
  private async childrenAndPod(
    skillPod: SkillPod,
    skillPodClass: SkillPodClass,
    desired: { pod: V1Pod | undefined; homeSize: string },
    writer: ChildWriter,
  ): Promise<{ claim: V1PersistentVolumeClaim | undefined; pod: V1Pod | undefined }> {
    const pooled = await this.deps.warmPool?.workspaceOf(skillPod, desired.pod, writer);
    const [claim] = await Promise.all([
      this.applyChildren(skillPod, skillPodClass, desired.homeSize, writer),
      pooled ? undefined : writer.applyStreamSecret(skillPod),
    ]);
    const pod = pooled ? pooled.pod : await this.podFor(desired.pod, skillPod, claim, writer);
    return { claim, pod };
  }

  private async applyChildren(
    skillPod: SkillPod,
    skillPodClass: SkillPodClass,
    homeSize: string,
    writer: ChildWriter,
  ): Promise<V1PersistentVolumeClaim | undefined> {
    // Independent of one another: applied together, so a new SkillPod waits one round trip, not five.
    const [claim] = await Promise.all([
      isEphemeral(skillPod) ? undefined : writer.apply(homeClaimFor(skillPod, skillPodClass, homeSize)),
      writer.apply(serviceAccountFor(skillPod)),
      writer.apply(streamServiceFor(skillPod, skillPodClass)),
      writer.apply(networkPolicyFor(skillPod, skillPodClass)),
    ]);
    return claim;
  }

  /**
   * A home whose class binds immediately is bound before the Pod is made: the scheduler would only turn the
   * Pod away until then (an Event, a retry, and at least a second of backoff). The claim's binding wakes
   * this reconcile again. A class that binds on first consumer needs the Pod first; an unknown class, too.
   */
  private awaitsBinding(claim: V1PersistentVolumeClaim): boolean {
    if (claim.status?.phase === "Bound") return false;
    const storageClass = this.deps.storageClassOf?.(claim.spec?.storageClassName ?? "");
    return storageClass !== undefined && storageClass.volumeBindingMode !== "WaitForFirstConsumer";
  }

  /** No new Pod while the home binds; otherwise the desired Pod, or its removal. */
  private async podFor(
    desired: V1Pod | undefined,
    skillPod: SkillPod,
    claim: V1PersistentVolumeClaim | undefined,
    writer: ChildWriter,
  ): Promise<V1Pod | undefined> {
    if (!desired || !claim || !this.awaitsBinding(claim)) return this.convergePod(desired, skillPod, writer);
    const { namespace, name } = identityOf(skillPod);
    const existing = writer.cachedPod(namespace, childNames(name).workspace);
    return existing ? this.convergePod(desired, skillPod, writer) : undefined;
  }

  /** The desired Pod, or its removal. */
  private async convergePod(
    desired: V1Pod | undefined,
    skillPod: SkillPod,
    writer: ChildWriter,
  ): Promise<V1Pod | undefined> {
    if (desired) return writer.applyPod(desired);
    const { namespace, name: skillPodName } = identityOf(skillPod);
    const name = childNames(skillPodName).workspace;
    const existing = await writer.readPod(namespace, name);
    if (existing && !existing.metadata?.deletionTimestamp) await writer.deletePod(namespace, name);
    return existing ? await writer.readPod(namespace, name) : undefined;
  }

  /** Errors become conditions: the SkillPod says what is wrong, and no Pod runs while it is wrong. */
  private async halt(
    skillPod: SkillPod,
    problem: Problem,
    retryMs: number | undefined,
  ): Promise<ReconcileResult> {
    const writer = this.writer();
    await this.convergePod(undefined, skillPod, writer);
    await this.deps.warmPool?.workspaceOf(skillPod, undefined, writer);
    const ready = skillPod.status?.conditions?.find((c) => c.type === "Ready");
    const known = ready?.reason === problem.reason && ready.message === problem.message;
    if (!known) await this.deps.events.record(skillPod, "Warning", problem.reason, problem.message);
    await this.statuses.write({
      skillPod,
      now: this.now(),
      problem,
      networkIsolated: false,
      streamPort: 6901,
    });
    return retryMs ? { requeueAfterMs: retryMs } : {};
  }

  private nextRequeue(lifecycle: LifecycleDecision, wantsPod: boolean): number | undefined {
    const refresh = this.deps.usageRefreshMs ?? 60_000;
    const due = lifecycle.nextDueMs;
    if (due !== undefined) return clamp(due + 50, 100, wantsPod ? refresh : 24 * 3600_000);
    return wantsPod ? refresh : undefined;
  }

  private async finalize(skillPod: SkillPod): Promise<ReconcileResult> {
    if (!skillPod.metadata?.finalizers?.includes(finalizerName)) return {};
    const writer = this.writer();
    const { name = "", namespace = "" } = skillPod.metadata;
    const home = await releaseHome(
      skillPod,
      isEphemeral(skillPod) ? undefined : await writer.readClaim(namespace, childNames(name).home),
      this.deps.clients,
    );
    // Close the usage record: the session ends now even if garbage collection removes the Pod later.
    this.childReport.forget(skillPod);
    const closed = statusOf({ skillPod, now: this.now(), networkIsolated: false, streamPort: 6901 });
    const updated = await this.store.writeStatus(skillPod, closed);
    const message = `Finalized SkillPod ${name}: home ${home.toLowerCase()}, ${closed.usage?.runningSeconds ?? 0}s used`;
    await this.deps.events.record(skillPod, "Normal", "Finalized", message);
    this.deps.log.info({ skillPod: name, namespace, home }, message);
    await this.store.removeFinalizer(updated);
    return {};
  }
}
