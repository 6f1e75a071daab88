// Every SkillPod, kept current by one watch: revocation reacts to a stop, a deletion or a changed viewer list
// as the API server reports it, instead of each live session polling its SkillPod.
import {
  CustomObjectsApi,
  makeInformer,
  type Informer,
  type KubeConfig,
  type KubernetesListObject,
  type ObjectCache,
} from "@kubernetes/client-node";
import { skillPodGroup, skillPodPlural, skillPodVersion, type SkillPod } from "@skillpod/api";
import type { Logger } from "pino";

const coordinates = { group: skillPodGroup, version: skillPodVersion, plural: skillPodPlural };

export type SkillPodChange = { namespace: string; name: string; skillPod: SkillPod | undefined };
export type SkillPodListener = (change: SkillPodChange) => void;

/** The HTTP status of a client-node ApiException, if that is what it is. */
function statusCodeOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === "number" ? code : undefined;
}

export class SkillPodWatch {
  readonly #custom: CustomObjectsApi;
  readonly #informer: Informer<SkillPod> & ObjectCache<SkillPod>;
  readonly #listeners = new Set<SkillPodListener>();
  readonly #log: Logger;
  #synced = false;
  #stopped = false;

  constructor(kubeConfig: KubeConfig, log: Logger) {
    this.#custom = kubeConfig.makeApiClient(CustomObjectsApi);
    this.#log = log;
    const path = `/apis/${skillPodGroup}/${skillPodVersion}/${skillPodPlural}`;
    this.#informer = makeInformer<SkillPod>(
      kubeConfig,
      path,
      async () => (await this.#custom.listClusterCustomObject(coordinates)) as KubernetesListObject<SkillPod>,
    );
    const changed = (skillPod: SkillPod): void => this.#emit(skillPod, skillPod);
    this.#informer.on("add", changed);
    this.#informer.on("update", changed);
    this.#informer.on("delete", (skillPod) => this.#emit(skillPod, undefined));
    this.#informer.on("error", (error: unknown) => this.#restartLater(error));
  }

  /** Resolves once the first list is in the cache. */
  async start(): Promise<void> {
    await this.#informer.start();
    this.#synced = true;
    this.#log.info("Started the SkillPod watch");
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    await this.#informer.stop();
  }

  /** Whether the cache is current (for /readyz): false while the watch is being restarted. */
  get synced(): boolean {
    return this.#synced;
  }

  onChange(listener: SkillPodListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  cached(namespace: string, name: string): SkillPod | undefined {
    return this.#informer.get(name, namespace);
  }

  /** Straight from the API server (a session's start must not act on a cache that has not seen it yet). */
  async read(namespace: string, name: string): Promise<SkillPod | undefined> {
    try {
      return (await this.#custom.getNamespacedCustomObject({ ...coordinates, namespace, name })) as SkillPod;
    } catch (error) {
      if (statusCodeOf(error) === 404) return undefined;
      throw error;
    }
  }

  #emit(skillPod: SkillPod, current: SkillPod | undefined): void {
    const namespace = skillPod.metadata?.namespace ?? "";
    const name = skillPod.metadata?.name ?? "";
    for (const listener of this.#listeners) listener({ namespace, name, skillPod: current });
  }

  #restartLater(error: unknown): void {
    this.#synced = false;
    if (this.#stopped) return;
    this.#log.warn({ err: error }, "SkillPod watch failed; restarting it in 1 s");
    setTimeout(() => {
      if (this.#stopped) return;
      this.#informer.start().then(
        () => (this.#synced = true),
        (restartError: unknown) => this.#restartLater(restartError),
      );
    }, 1000).unref();
  }
}
