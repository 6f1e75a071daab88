import {
  CoreV1Api,
  StorageV1Api,
  makeInformer,
  type Informer,
  type KubernetesObject,
  type ObjectCache,
  type V1PersistentVolume,
  type V1PersistentVolumeClaim,
  type V1StorageClass,
} from "@kubernetes/client-node";
import { loadKubeConfig } from "@skillpod/kube-client";
import type { Logger } from "pino";
import type { ProvisionerConfig } from "./config.js";
import { isReleasedForDeletion, needsVolume, volumeFor, volumeNameFor } from "./volume-plan.js";

type Clients = { core: CoreV1Api; storage: StorageV1Api };
type Cached<T extends KubernetesObject> = Informer<T> & ObjectCache<T>;
type Context = {
  clients: Clients;
  classes: Cached<V1StorageClass>;
  config: ProvisionerConfig;
  log: Logger;
};

export type LocalPathProvisioner = { stop: () => Promise<void>; synced: () => boolean };

function statusCode(error: unknown): number | undefined {
  return (error as { code?: number }).code;
}

/** The class from the cache; a class made a moment ago may not be cached yet. */
async function storageClassOf(
  context: Context,
  name: string | undefined,
): Promise<V1StorageClass | undefined> {
  if (!name) return undefined;
  return context.classes.get(name) ?? (await context.clients.storage.readStorageClass({ name }));
}

async function provision(context: Context, claim: V1PersistentVolumeClaim): Promise<void> {
  const { clients, config, log } = context;
  const storageClass = await storageClassOf(context, claim.spec?.storageClassName);
  const volume = volumeFor(claim, storageClass, config.provisionerName, config.volumeRoot);
  try {
    await clients.core.createPersistentVolume({ body: volume });
    log.info(
      { pv: volume.metadata?.name, pvc: `${claim.metadata?.namespace}/${claim.metadata?.name}` },
      `Provisioned PersistentVolume ${volume.metadata?.name}`,
    );
  } catch (error) {
    if (statusCode(error) !== 409) throw error;
  }
}

async function reclaim(clients: Clients, volume: V1PersistentVolume, log: Logger): Promise<void> {
  const name = volume.metadata?.name ?? "";
  try {
    await clients.core.deletePersistentVolume({ name });
    log.info({ pv: name }, `Deleted released PersistentVolume ${name}`);
  } catch (error) {
    if (statusCode(error) !== 404) throw error;
  }
}

/** Runs the local-path provisioner until stop(): informers for claims and volumes, plus a periodic relist. */
export async function startLocalPathProvisioner(
  config: ProvisionerConfig,
  log: Logger,
): Promise<LocalPathProvisioner> {
  const kc = loadKubeConfig(config.kubeconfig);
  const clients: Clients = { core: kc.makeApiClient(CoreV1Api), storage: kc.makeApiClient(StorageV1Api) };
  const report = (what: string) => (error: unknown) => log.error({ err: error }, `Failed to ${what}`);

  // Several updates of one claim arrive before its volume exists; one provisioning per claim is enough.
  const provisioning = new Set<string>();
  const onClaim = (claim: V1PersistentVolumeClaim): void => {
    const uid = claim.metadata?.uid ?? "";
    if (!needsVolume(claim, config.provisionerName) || provisioning.has(uid)) return;
    if (volumes.get(volumeNameFor(claim))) return;
    provisioning.add(uid);
    provision({ clients, classes, config, log }, claim)
      .catch(report("provision volume"))
      .finally(() => provisioning.delete(uid));
  };
  const onVolume = (volume: V1PersistentVolume): void => {
    if (isReleasedForDeletion(volume, config.provisionerName))
      reclaim(clients, volume, log).catch(report("delete volume"));
  };

  const claims = makeInformer(kc, "/api/v1/persistentvolumeclaims", () =>
    clients.core.listPersistentVolumeClaimForAllNamespaces(),
  );
  const volumes = makeInformer(kc, "/api/v1/persistentvolumes", () => clients.core.listPersistentVolume());
  const classes = makeInformer(kc, "/apis/storage.k8s.io/v1/storageclasses", () =>
    clients.storage.listStorageClass(),
  );
  watch(claims, onClaim, log);
  watch(volumes, onVolume, log);
  watch(classes, () => undefined, log);
  // Classes and volumes first: the claims' first events consult both.
  await Promise.all([classes.start(), volumes.start()]);
  await claims.start();

  // Watches can go quiet without an error; a relist keeps the provisioner level-based.
  const timer = setInterval(() => {
    claims.list().forEach(onClaim);
    volumes.list().forEach(onVolume);
  }, config.resyncSeconds * 1000);

  return {
    synced: () => true,
    stop: async () => {
      clearInterval(timer);
      await Promise.all([claims.stop(), volumes.stop(), classes.stop()]);
    },
  };
}

function watch<T extends V1PersistentVolume | V1PersistentVolumeClaim | V1StorageClass>(
  informer: Informer<T>,
  handle: (object: T) => void,
  log: Logger,
): void {
  informer.on("add", handle);
  informer.on("update", handle);
  informer.on("error", (error: unknown) => {
    log.warn({ err: error }, "Watch failed; restarting informer");
    setTimeout(
      () => void informer.start().catch((e: unknown) => log.error({ err: e }, "Failed to restart informer")),
      2000,
    );
  });
}
