import type { V1PersistentVolume, V1PersistentVolumeClaim } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { isReleasedForDeletion, needsVolume, volumeFor } from "./volume-plan.js";

const name = "skillpod.dev/local-path";
const claim = (over: Partial<V1PersistentVolumeClaim> = {}): V1PersistentVolumeClaim => ({
  metadata: {
    name: "home",
    namespace: "team-a",
    uid: "u-1",
    annotations: { "volume.kubernetes.io/storage-provisioner": name },
  },
  spec: {
    accessModes: ["ReadWriteOnce"],
    resources: { requests: { storage: "20Gi" } },
    storageClassName: "standard",
  },
  status: { phase: "Pending" },
  ...over,
});

describe("local-path volume plan", () => {
  it("provisions only pending claims handed to this provisioner", () => {
    expect(needsVolume(claim(), name)).toBe(true);
    expect(needsVolume(claim({ status: { phase: "Bound" } }), name)).toBe(false);
    expect(needsVolume(claim(), "other.dev/provisioner")).toBe(false);
    expect(needsVolume(claim({ spec: { volumeName: "pv-1" } }), name)).toBe(false);
  });

  it("pre-binds the volume to the claim's uid with the requested size", () => {
    const pv = volumeFor(claim(), { provisioner: name, reclaimPolicy: "Retain" }, name, "/v");
    expect(pv.metadata?.name).toBe("pvc-u-1");
    expect(pv.spec?.claimRef).toMatchObject({ namespace: "team-a", name: "home", uid: "u-1" });
    expect(pv.spec?.capacity).toEqual({ storage: "20Gi" });
    expect(pv.spec?.persistentVolumeReclaimPolicy).toBe("Retain");
  });

  it("deletes only its own released volumes with policy Delete", () => {
    const pv = (phase: string, policy = "Delete", by = name): V1PersistentVolume => ({
      metadata: { annotations: { "pv.kubernetes.io/provisioned-by": by } },
      spec: { persistentVolumeReclaimPolicy: policy },
      status: { phase },
    });
    expect(isReleasedForDeletion(pv("Released"), name)).toBe(true);
    expect(isReleasedForDeletion(pv("Bound"), name)).toBe(false);
    expect(isReleasedForDeletion(pv("Released", "Retain"), name)).toBe(false);
    expect(isReleasedForDeletion(pv("Released", "Delete", "x"), name)).toBe(false);
  });
});
