import type {
  V1PersistentVolume,
  V1PersistentVolumeClaim,
  V1PersistentVolumeClaimSpec,
  V1PersistentVolumeSpec,
  V1StorageClass,
} from "@kubernetes/client-node";

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

type ClaimFacts = { namespace: string; name: string; uid: string; spec: V1PersistentVolumeClaimSpec };

function factsOf(claim: V1PersistentVolumeClaim): ClaimFacts {
  const meta = claim.metadata ?? {};
  return {
    namespace: meta.namespace ?? "",
    name: meta.name ?? "",
    uid: meta.uid ?? "",
    spec: claim.spec ?? {},
  };
}

function shapeOf(
  spec: V1PersistentVolumeClaimSpec,
): Pick<V1PersistentVolumeSpec, "capacity" | "accessModes" | "volumeMode"> {
  return {
    capacity: { storage: spec.resources?.requests?.storage ?? "1Gi" },
    accessModes: spec.accessModes ?? ["ReadWriteOnce"],
    volumeMode: spec.volumeMode ?? "Filesystem",
  };
}

/** One volume per claim, named after the claim's uid, so a second attempt finds the first. */
export const volumeNameFor = (claim: V1PersistentVolumeClaim): string => `pvc-${claim.metadata?.uid ?? ""}`;

/** A PersistentVolume pre-bound to the claim (claimRef with uid), so the PV controller binds exactly these two. */
export function volumeFor(
  claim: V1PersistentVolumeClaim,
  storageClass: V1StorageClass | undefined,
  provisionerName: string,
  volumeRoot: string,
): V1PersistentVolume {
  const { namespace, name: claimName, uid, spec } = factsOf(claim);
  const name = volumeNameFor(claim);
  return {
    apiVersion: "v1",
    kind: "PersistentVolume",
    metadata: { name, annotations: { [provisionedByAnnotation]: provisionerName } },
    spec: {
      ...shapeOf(spec),
      persistentVolumeReclaimPolicy: storageClass?.reclaimPolicy ?? "Delete",
      storageClassName: spec.storageClassName ?? storageClass?.metadata?.name ?? "",
      claimRef: { apiVersion: "v1", kind: "PersistentVolumeClaim", namespace, name: claimName, uid },
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
