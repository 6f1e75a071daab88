import type { V1PersistentVolume, V1PersistentVolumeClaim, V1StorageClass } from "@kubernetes/client-node";

export const provisionedByAnnotation = "pv.kubernetes.io/provisioned-by";
const storageProvisionerAnnotations = [
  "volume.kubernetes.io/storage-provisioner",
  "volume.beta.kubernetes.io/storage-provisioner",
];

/** True when the PV controller has handed this claim to our provisioner and it has no volume yet. */
export function needsVolume(claim: V1PersistentVolumeClaim, provisionerName: string): boolean {
  const annotations = claim.metadata?.annotations ?? {};
  const ours = storageProvisionerAnnotations.some((a) => annotations[a] === provisionerName);
  return (
    ours && !claim.spec?.volumeName && claim.status?.phase === "Pending" && !claim.metadata?.deletionTimestamp
  );
}

/** A PersistentVolume pre-bound to the claim (claimRef with uid), so the PV controller binds exactly these two. */
export function volumeFor(
  claim: V1PersistentVolumeClaim,
  storageClass: V1StorageClass | undefined,
  provisionerName: string,
  volumeRoot: string,
): V1PersistentVolume {
  const uid = claim.metadata?.uid ?? "";
  const name = `pvc-${uid}`;
  return {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name, annotations: { [provisionedByAnnotation]: provisionerName } },
    spec: {
      capacity: { storage: claim.spec?.resources?.requests?.storage ?? "1Gi" },
      accessModes: claim.spec?.accessModes ?? ["ReadWriteOnce"],
      volumeMode: claim.spec?.volumeMode ?? "Filesystem",
      persistentVolumeReclaimPolicy: storageClass?.reclaimPolicy ?? "Delete",
      storageClassName: claim.spec?.storageClassName ?? storageClass?.metadata?.name ?? "",
      claimRef: {
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        namespace: claim.metadata?.namespace ?? "",
        name: claim.metadata?.name ?? "",
        uid,
      },
      hostPath: { path: `${volumeRoot}/${name}`, type: "DirectoryOrCreate" },
    },
  };
}

/** A released volume of ours whose policy is Delete is ours to remove. */
export function isReleasedForDeletion(volume: V1PersistentVolume, provisionerName: string): boolean {
  return (
    volume.metadata?.annotations?.[provisionedByAnnotation] === provisionerName &&
    volume.spec?.persistentVolumeReclaimPolicy === "Delete" &&
    (volume.status?.phase === "Released" || volume.status?.phase === "Failed")
  );
}
