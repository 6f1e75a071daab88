import { describe, expect, it } from "vitest";
import { workspacePodFor } from "../skillpod/desired-pod.js";
import { classFixture, skillPodFixture } from "../skillpod/fixtures.test-support.js";
import { classFitOf, fitAnnotation, fitOf, poolMemberFor, poolOriginLabel } from "./pool-member.js";

const defaults = { cpu: "1", memory: "2Gi" };
const ephemeral = { volume: "Ephemeral" as const };

describe("pool members", () => {
  it("builds an unowned desktop Pod with an emptyDir home and a Secret of its own, labelled for the pool", () => {
    const member = poolMemberFor(classFixture(), "team", "wp-standard-bcdfg");
    const pod = member?.pod;
    expect(pod?.metadata?.ownerReferences).toBeUndefined();
    expect(pod?.metadata?.labels).toMatchObject({
      "skillpod.dev/warm-pool": "standard",
      [poolOriginLabel]: "standard",
      "skillpod.dev/component": "workspace",
      "app.kubernetes.io/managed-by": "skillpod-operator",
    });
    expect(pod?.metadata?.labels?.["skillpod.dev/skillpod"]).toBeUndefined();
    expect(pod?.spec?.volumes?.find((v) => v.name === "home")).toEqual({
      name: "home",
      emptyDir: { sizeLimit: "10Gi" },
    });
    expect(pod?.spec?.serviceAccountName).toBe("wp-standard");
    const refs = pod?.spec?.containers[0]?.env?.flatMap((e) => e.valueFrom?.secretKeyRef?.name ?? []);
    expect(new Set(refs)).toEqual(new Set(["wp-standard-bcdfg-stream"]));
    expect(member?.secret.metadata?.name).toBe("wp-standard-bcdfg-stream");
    expect(member?.secret.metadata?.ownerReferences).toBeUndefined();
    expect(Object.keys(member?.secret.data ?? {}).sort()).toEqual(["password", "view-password"]);
  });

  it("fits an Ephemeral SkillPod that asks for the class defaults, and no other", () => {
    const fit = poolMemberFor(classFixture(), "team", "wp-standard-bcdfg")?.pod.metadata?.annotations?.[
      fitAnnotation
    ];
    expect(fit).toBe(classFitOf(classFixture()));
    const fitFor = (spec: Parameters<typeof skillPodFixture>[0], resources = defaults): string =>
      fitOf(workspacePodFor(skillPodFixture(spec), classFixture(), resources).spec);
    expect(fitFor({ home: ephemeral })).toBe(fit);
    expect(fitFor({ home: ephemeral }, { cpu: "2", memory: "2Gi" })).not.toBe(fit);
    expect(fitFor({ home: ephemeral, policy: { clipboard: "Disabled" } })).not.toBe(fit);
    expect(fitFor({ home: { ...ephemeral, size: "1Gi" } })).not.toBe(fit);
    expect(fitFor({})).not.toBe(fit);
  });

  it("makes no member when the class's defaults exceed its maximum", () => {
    const over = classFixture({ resources: { default: { cpu: "8" }, max: { cpu: "4", memory: "8Gi" } } });
    expect(poolMemberFor(over, "team", "wp-x")).toBeUndefined();
  });
});
