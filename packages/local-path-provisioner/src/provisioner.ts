import {
  CoreV1Api,
  StorageV1Api,
  makeInformer,
  type Informer,
  type V1PersistentVolume,
  type V1PersistentVolumeClaim,
} from "@kubernetes/client-node";
import { loadKubeConfig } from "@skillpod/kube-client";
import type { Logger } from "pino";
import type { ProvisionerConfig } from "./config.js";
import { isReleasedForDeletion, needsVolume, volumeFor } from "./volume-plan.js";

type Clients = { core: CoreV1Api; storage: StorageV1Api };

export type LocalPathProvisioner = { stop: () => Promise<void>; synced: () => boolean };

function statusCode(error: unknown): number | undefined {
  return (error as { code?: number }).code;
}

async function provision(
  clients: Clients,
  claim: V1PersistentVolumeClaim,
  config: ProvisionerConfig,
  log: Logger,
): Promise<void> {
  const className = claim.spec?.storageClassName;
  const storageClass = className ? await clients.storage.readStorageClass({ name: className }) : undefined;
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

  const onClaim = (claim: V1PersistentVolumeClaim): void => {
    if (needsVolume(claim, config.provisionerName))
      provision(clients, claim, config, log).catch(report("provision volume"));
  };
  const onVolume = (volume: V1PersistentVolume): void => {
    if (isReleasedForDeletion(volume, config.provisionerName))
      reclaim(clients, volume, log).catch(report("delete volume"));
  };

  const claims = makeInformer(kc, "/api/v1/persistentvolumeclaims", () =>
    clients.core.listPersistentVolumeClaimForAllNamespaces(),
  );
  const volumes = makeInformer(kc, "/api/v1/persistentvolumes", () => clients.core.listPersistentVolume());
  watch(claims, onClaim, log);
  watch(volumes, onVolume, log);
  await Promise.all([claims.start(), volumes.start()]);

  // Watches can go quiet without an error; a relist keeps the provisioner level-based.
  const timer = setInterval(() => {
    claims.list().forEach(onClaim);
    volumes.list().forEach(onVolume);
  }, config.resyncSeconds * 1000);

  return {
    synced: () => true,
    stop: async () => {
      clearInterval(timer);
      await Promise.all([claims.stop(), volumes.stop()]);
    },
  };
}

function watch<T extends V1PersistentVolume | V1PersistentVolumeClaim>(
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
