import type { SkillPod, SkillPodClass } from "@skillpod/api";
import { describe, expect, it } from "vitest";
import { covers } from "./applied-state.js";
import { compactForCache } from "./cache-compaction.js";
import { desiredSkillPodSet } from "./desired-set.js";

/** A SkillPod and class that use every optional field the builders know. */
const skillPodClass: SkillPodClass = {
  apiVersion: "skillpod.dev/v1alpha1",
  kind: "SkillPodClass",
  metadata: { name: "full" },
  spec: {
    image: "desktop:1",
    imagePullPolicy: "Always",
    streamPort: 6901,
    runtimeClassName: "gvisor",
    nodeSelector: { zone: "a" },
    tolerations: [{ key: "k", operator: "Exists", effect: "NoSchedule" }],
    resources: { default: { cpu: "1", memory: "1Gi" }, max: { cpu: "2", memory: "2Gi" } },
    home: { defaultSize: "1Gi", storageClassName: "fast" },
    egress: { allow: ["10.0.0.0/8:443"] },
  },
};

const skillPod: SkillPod = {
  apiVersion: "skillpod.dev/v1alpha1",
  kind: "SkillPod",
  metadata: { name: "full", namespace: "t", uid: "u-1", generation: 1 },
  spec: {
    className: "full",
    owner: { userId: "u1" },
    contract: { id: "c1", milestoneId: "m1" },
    policy: { clipboard: "ToWorkspace", fileTransfer: "Disabled", egress: { allow: ["10.1.0.0/16:22"] } },
  },
};

describe("compactForCache", () => {
  it("keeps every field the builders write, so a compacted child still covers what was applied", () => {
    for (const desired of Object.values(desiredSkillPodSet(skillPod, skillPodClass))) {
      const cached = compactForCache(desired.kind ?? "", structuredClone(desired));
      expect(covers(desired, cached), desired.kind).toBe(true);
    }
  });

  it("drops managedFields, undefined keys and what the server fills in", () => {
    const pod = compactForCache("Pod", {
      kind: "Pod",
      metadata: { name: "p", managedFields: [{ manager: "x" }], labels: undefined },
      spec: {
        dnsPolicy: "ClusterFirst",
        nodeName: "n1",
        containers: [{ name: "c", terminationMessagePath: "/dev/termination-log" }],
      },
      status: { phase: "Running", podIP: "10.0.0.1", conditions: [{ type: "Ready", status: "True" }] },
    });
    expect(pod).toEqual({
      kind: "Pod",
      metadata: { name: "p" },
      spec: { nodeName: "n1", containers: [{ name: "c" }] },
      status: { phase: "Running", conditions: [{ type: "Ready", status: "True" }] },
    });
  });
});
