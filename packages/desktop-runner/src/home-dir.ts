import type { CoreV1Api } from "@kubernetes/client-node";
import { mkdir } from "node:fs/promises";
import { join } from "node:path";

const notFound = (error: unknown): boolean => (error as { code?: number }).code === 404;

/**
 * The directory a kubelet would mount as the desktop's home: the path of the PersistentVolume bound to the
 * home claim (the local-path provisioner's hostPath), so files outlive a stop and start as on a real node.
 * A claim without a local path (not bound yet, another provisioner) gets a directory under the state dir.
 */
export async function homeDirFor(
  core: CoreV1Api,
  namespace: string,
  claimName: string | undefined,
  fallbackRoot: string,
): Promise<string> {
  const path = claimName ? await volumePathOf(core, namespace, claimName) : undefined;
  const dir = path ?? join(fallbackRoot, namespace, claimName ?? "no-home");
  // hostPath volumes are DirectoryOrCreate: the kubelet makes the directory, so the runner does.
  await mkdir(dir, { recursive: true });
  return dir;
}

/** The local path of the PersistentVolume bound to a claim, or undefined when it has none (yet). */
export async function volumePathOf(
  core: CoreV1Api,
  namespace: string,
  claimName: string,
): Promise<string | undefined> {
  try {
    const claim = await core.readNamespacedPersistentVolumeClaim({ namespace, name: claimName });
    const volumeName = claim.spec?.volumeName;
    if (!volumeName) return undefined;
    const volume = await core.readPersistentVolume({ name: volumeName });
    return volume.spec?.hostPath?.path ?? volume.spec?.local?.path;
  } catch (error) {
    if (notFound(error)) return undefined;
    throw error;
  }
}
