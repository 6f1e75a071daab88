import { describe, expect, it } from "vitest";
import { coversMetadataAddress, networkPolicyFor } from "./desired-network-policy.js";
import { workspacePodFor } from "./desired-pod.js";
import { classFixture, skillPodFixture } from "./fixtures.test-support.js";
import { decideResources } from "./resources.js";

describe("network policy", () => {
  it("cuts the metadata address out of any allowed range that covers it", () => {
    expect(coversMetadataAddress("0.0.0.0/0")).toBe(true);
    expect(coversMetadataAddress("169.0.0.0/8")).toBe(true);
    expect(coversMetadataAddress("10.0.0.0/8")).toBe(false);
    const policy = networkPolicyFor(
      skillPodFixture({ policy: { egress: { allow: ["0.0.0.0/0:443", "10.1.0.0/16:5432"] } } }),
      classFixture({ egress: { allow: ["10.1.0.0/16:5432"] } }),
    );
    const rules = policy.spec?.egress ?? [];
    expect(rules).toHaveLength(3);
    expect(rules[1]?.to?.[0]?.ipBlock).toEqual({ cidr: "10.1.0.0/16" });
    expect(rules[2]?.to?.[0]?.ipBlock).toEqual({ cidr: "0.0.0.0/0", except: ["169.254.169.254/32"] });
    expect(policy.spec?.policyTypes).toEqual(["Ingress", "Egress"]);
    expect(policy.spec?.ingress?.[0]?._from?.[0]?.podSelector?.matchLabels).toEqual({
      "skillpod.dev/session-gateway": "true",
    });
  });
});

describe("workspace pod", () => {
  it("meets the restricted profile and changes its spec hash only when the spec changes", () => {
    const skillPod = skillPodFixture();
    const pod = workspacePodFor(skillPod, classFixture(), { cpu: "1", memory: "2Gi" });
    const container = pod.spec?.containers[0];
    expect(pod.spec?.securityContext).toMatchObject({
      runAsNonRoot: true,
      seccompProfile: { type: "RuntimeDefault" },
    });
    expect(container?.securityContext).toMatchObject({
      allowPrivilegeEscalation: false,
      capabilities: { drop: ["ALL"] },
    });
    expect(container?.readinessProbe?.tcpSocket?.port).toBe("stream");
    const same = workspacePodFor(skillPod, classFixture(), { cpu: "1", memory: "2Gi" });
    const bigger = workspacePodFor(skillPod, classFixture(), { cpu: "2", memory: "2Gi" });
    const hash = (p: typeof pod): string | undefined =>
      p.metadata?.annotations?.["skillpod.dev/pod-spec-hash"];
    expect(hash(same)).toBe(hash(pod));
    expect(hash(bigger)).not.toBe(hash(pod));
  });
});

describe("resources", () => {
  it("falls back to the class default and refuses more than the class maximum", () => {
    expect(decideResources(skillPodFixture(), classFixture())).toMatchObject({
      ok: true,
      resources: { cpu: "1", memory: "2Gi" },
    });
    const over = decideResources(
      skillPodFixture({ resources: { cpu: "500m", memory: "16Gi" } }),
      classFixture(),
    );
    expect(over).toEqual({
      ok: false,
      message: "memory 16Gi exceeds the class maximum 8Gi (class standard)",
    });
  });
});
