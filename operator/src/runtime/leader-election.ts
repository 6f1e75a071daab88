// Lease-based leader election with client-go's semantics. A lease gives no fencing: the leader must stop acting
// before others may take over, so it gives up after renewDeadline (< leaseDuration) without a successful renew,
// and every write is a replace guarded by resourceVersion.
import {
  CoordinationV1Api,
  Observable,
  V1MicroTime,
  type ConfigurationOptions,
  type KubeConfig,
  type V1Lease,
  type V1LeaseSpec,
} from "@kubernetes/client-node";
import type { Logger } from "pino";
import { describeApiError, isApiStatus } from "./api-errors.js";

export type LeaderElectionOptions = {
  kubeConfig: KubeConfig;
  namespace: string;
  leaseName: string;
  identity: string;
  leaseDurationSeconds: number;
  renewDeadlineSeconds: number;
  retryPeriodSeconds: number;
  log: Logger;
};

export type LeaderCallbacks = { onStartedLeading: () => void; onStoppedLeading: () => void };

// Candidates spread their polls a little so that replicas started together do not hit the apiserver in step.
const CANDIDATE_JITTER = 0.2;
const STOPPED = "stopped";

/** Per-request options that abort the request when `signal` fires (deadline or stop). */
function abortable(signal: AbortSignal): ConfigurationOptions {
  return {
    middleware: [
      {
        pre: (context) => {
          context.setSignal(signal);
          return new Observable(Promise.resolve(context));
        },
        post: (response) => new Observable(Promise.resolve(response)),
      },
    ],
    middlewareMergeStrategy: "append",
  };
}

// client-node 1.4 has no (de)serialiser for MicroTime: it sends the value through JSON.stringify and hands back
// the server's string. A plain Date goes out with milliseconds, which the apiserver rejects (400); V1MicroTime
// pads to microseconds. So every time written is a V1MicroTime, and times read back are re-wrapped.
function microTime(value?: Date | string): V1MicroTime {
  return value === undefined ? new V1MicroTime() : new V1MicroTime(value);
}

/** The record whose change restarts a candidate's expiry clock: like client-go, the spec, not resourceVersion. */
function recordOf(spec: V1LeaseSpec | undefined): string {
  const s = spec ?? {};
  return JSON.stringify([
    s.holderIdentity,
    s.leaseDurationSeconds,
    String(s.renewTime),
    String(s.acquireTime),
    s.leaseTransitions,
  ]);
}

export class LeaderElector {
  private readonly api: CoordinationV1Api;
  private readonly log: Logger;
  private callbacks: LeaderCallbacks | undefined;
  private loop: Promise<void> | undefined;
  private halter = new AbortController();
  private stopped = true;
  private leading = false;
  private lastRenewStartedAt = 0;
  private lastFailure: string | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private wake: (() => void) | undefined;
  // When we last saw the lease record change, by our clock: expiry is judged from it, never from renewTime,
  // so clock skew between replicas does not matter.
  private observed: { record: string; holder: string; at: number } | undefined;

  constructor(private readonly options: LeaderElectionOptions) {
    const { leaseDurationSeconds: lease, renewDeadlineSeconds: renew, retryPeriodSeconds: retry } = options;
    if (!(lease > renew && renew > retry * (1 + CANDIDATE_JITTER) && retry > 0)) {
      throw new Error(
        `Leader election needs leaseDuration > renewDeadline > 1.2 * retryPeriod > 0, got ${lease}s/${renew}s/${retry}s`,
      );
    }
    this.api = options.kubeConfig.makeApiClient(CoordinationV1Api);
    this.log = options.log.child({
      lease: `${options.namespace}/${options.leaseName}`,
      identity: options.identity,
    });
  }

  isLeader(): boolean {
    return this.leading;
  }

  /** Campaigns for the lease, leads while renewing it, and campaigns again after losing it, until stop(). */
  run(callbacks: LeaderCallbacks): void {
    if (this.loop) throw new Error("LeaderElector is already running");
    this.callbacks = callbacks;
    this.stopped = false;
    this.halter = new AbortController();
    this.loop = this.campaign().catch((error: unknown) => {
      this.log.error({ err: error }, `Leader election loop for ${this.leaseRef()} crashed`);
    });
  }

  /** Stops renewing, calls onStoppedLeading if leading, and releases the lease so a successor takes over at once. */
  async stop(): Promise<void> {
    await this.halt();
    this.stopLeading(STOPPED);
    // Also when not leading: an acquisition may have landed while the loop was being halted.
    await this.release();
  }

  /**
   * Test-only: stops the loop without releasing the lease or calling back, like a crashed process, so the
   * lease has to expire before anyone else may lead.
   * @internal
   */
  async abandon(): Promise<void> {
    await this.halt();
    this.leading = false;
    this.clearWatchdog();
  }

  private leaseRef(): string {
    return `Lease ${this.options.namespace}/${this.options.leaseName}`;
  }

  private async halt(): Promise<void> {
    this.stopped = true;
    this.halter.abort();
    this.wake?.();
    await this.loop;
    this.loop = undefined;
  }

  private async campaign(): Promise<void> {
    const retryMs = this.options.retryPeriodSeconds * 1000;
    while (!this.stopped) {
      const startedAt = Date.now();
      const held = await this.attempt(startedAt);
      if (this.stopped) return;
      if (held) this.renewed(startedAt);
      else if (this.leading && this.observed?.holder !== this.options.identity) {
        this.stopLeading(`taken over by ${this.observed?.holder || "nobody"}`);
      }
      await this.pause(this.leading ? retryMs : retryMs * (1 + Math.random() * CANDIDATE_JITTER));
    }
  }

  private async attempt(startedAt: number): Promise<boolean> {
    const renewDeadlineMs = this.options.renewDeadlineSeconds * 1000;
    // A leader's request may not outlive its renew deadline; a hung apiserver must not keep it leading.
    const budgetMs = this.leading ? this.lastRenewStartedAt + renewDeadlineMs - startedAt : renewDeadlineMs;
    const signal = AbortSignal.any([this.halter.signal, AbortSignal.timeout(Math.max(budgetMs, 1))]);
    try {
      return await this.tryAcquireOrRenew(signal);
    } catch (error) {
      this.reportFailure(error);
      return false;
    }
  }

  // A candidate retries every retry period: a new failure is said at warn (an operator that cannot lead
  // reconciles nothing), the same failure again only at debug.
  private reportFailure(error: unknown): void {
    const described = describeApiError(error);
    const repeated = !this.leading && described === this.lastFailure;
    this.lastFailure = described;
    const { namespace } = this.options;
    this.log[repeated ? "debug" : "warn"]({ error: described, namespace }, this.failureMessage(error));
  }

  private failureMessage(error: unknown): string {
    const { namespace } = this.options;
    if (isApiStatus(error, 404)) {
      return `Could not lead: ${this.leaseRef()} cannot be created because namespace ${namespace} does not exist; create it (kubectl create namespace ${namespace}) or set OPERATOR_LEASE_NAMESPACE to an existing one. Reconciling nothing until then`;
    }
    if (isApiStatus(error, 403)) {
      return `Could not lead: forbidden to read or write ${this.leaseRef()}; bind the leader-election Role (operator/config/rbac/leader_election_role.yaml) in namespace ${namespace}. Reconciling nothing until then`;
    }
    return `Renewing or acquiring ${this.leaseRef()} failed`;
  }

  private async tryAcquireOrRenew(signal: AbortSignal): Promise<boolean> {
    const current = await this.read(signal);
    if (!current) return this.create(signal);
    this.observe(current);
    if (!this.mayHold(current.spec)) return false;
    return this.replace(current, signal);
  }

  private async read(signal: AbortSignal): Promise<V1Lease | undefined> {
    const { namespace, leaseName: name } = this.options;
    try {
      return await this.api.readNamespacedLease({ name, namespace }, abortable(signal));
    } catch (error) {
      if (isApiStatus(error, 404)) return undefined;
      throw error;
    }
  }

  private async create(signal: AbortSignal): Promise<boolean> {
    const { namespace, leaseName: name, identity, leaseDurationSeconds } = this.options;
    const now = microTime();
    const spec: V1LeaseSpec = {
      holderIdentity: identity,
      leaseDurationSeconds,
      acquireTime: now,
      renewTime: now,
      leaseTransitions: 0,
    };
    try {
      const created = await this.api.createNamespacedLease(
        { namespace, body: { metadata: { name, namespace }, spec } },
        abortable(signal),
      );
      this.observe(created);
      return true;
    } catch (error) {
      // Another candidate created it first: lost the race, not an error.
      if (isApiStatus(error, 409)) return false;
      throw error;
    }
  }

  /** Free, ours, or expired as judged by when we saw it last change. */
  private mayHold(spec: V1LeaseSpec | undefined): boolean {
    const holder = spec?.holderIdentity ?? "";
    if (holder === "" || holder === this.options.identity) return true;
    const durationMs = (spec?.leaseDurationSeconds ?? this.options.leaseDurationSeconds) * 1000;
    return (this.observed?.at ?? Date.now()) + durationMs < Date.now();
  }

  private async replace(current: V1Lease, signal: AbortSignal): Promise<boolean> {
    const { namespace, leaseName: name, identity, leaseDurationSeconds } = this.options;
    const old = current.spec ?? {};
    const renewing = old.holderIdentity === identity;
    const now = microTime();
    const spec: V1LeaseSpec = {
      ...old,
      holderIdentity: identity,
      leaseDurationSeconds,
      renewTime: now,
      acquireTime: renewing && old.acquireTime ? microTime(old.acquireTime) : now,
      leaseTransitions: (old.leaseTransitions ?? 0) + (renewing ? 0 : 1),
    };
    try {
      // current.metadata carries its resourceVersion: a concurrent writer makes this fail with 409.
      const written = await this.api.replaceNamespacedLease(
        { name, namespace, body: { ...current, spec } },
        abortable(signal),
      );
      this.observe(written);
      return true;
    } catch (error) {
      if (isApiStatus(error, 409)) return false;
      throw error;
    }
  }

  private observe(lease: V1Lease): void {
    const record = recordOf(lease.spec);
    if (this.observed?.record === record) return;
    this.observed = { record, holder: lease.spec?.holderIdentity ?? "", at: Date.now() };
  }

  private renewed(startedAt: number): void {
    this.lastRenewStartedAt = startedAt;
    this.lastFailure = undefined;
    if (!this.leading) {
      this.leading = true;
      this.log.info(`Acquired ${this.leaseRef()} as ${this.options.identity}`);
      this.callBack("onStartedLeading");
    }
    // Measured from when the renew was sent: others may have seen the previous record from then on.
    this.clearWatchdog();
    const remainingMs = startedAt + this.options.renewDeadlineSeconds * 1000 - Date.now();
    this.watchdog = setTimeout(() => this.stopLeading("renew deadline passed"), Math.max(remainingMs, 0));
  }

  private stopLeading(reason: string): void {
    this.clearWatchdog();
    if (!this.leading) return;
    this.leading = false;
    const level = reason === STOPPED ? "info" : "warn";
    this.log[level]({ reason }, `Stopped leading ${this.leaseRef()}: ${reason}`);
    this.callBack("onStoppedLeading");
  }

  private callBack(name: keyof LeaderCallbacks): void {
    try {
      this.callbacks?.[name]();
    } catch (error) {
      this.log.error({ err: error }, `Leader election callback ${name} for ${this.leaseRef()} threw`);
    }
  }

  private clearWatchdog(): void {
    if (this.watchdog) clearTimeout(this.watchdog);
    this.watchdog = undefined;
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  /** Hands the lease back like client-go's ReleaseOnCancel: no holder, 1s duration, so anyone may take it now. */
  private async release(): Promise<void> {
    const signal = AbortSignal.timeout(this.options.renewDeadlineSeconds * 1000);
    try {
      const current = await this.read(signal);
      if (current?.spec?.holderIdentity !== this.options.identity) return;
      const now = microTime();
      const spec: V1LeaseSpec = {
        ...current.spec,
        holderIdentity: "",
        leaseDurationSeconds: 1,
        acquireTime: now,
        renewTime: now,
      };
      const { namespace, leaseName: name } = this.options;
      await this.api.replaceNamespacedLease(
        { name, namespace, body: { ...current, spec } },
        abortable(signal),
      );
      this.log.info(`Released ${this.leaseRef()}`);
    } catch (error) {
      this.log.warn(
        { error: describeApiError(error) },
        `Releasing ${this.leaseRef()} failed; it will expire`,
      );
    }
  }
}
