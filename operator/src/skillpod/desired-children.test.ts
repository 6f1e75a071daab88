import { describe, expect, it } from "vitest";
import { coversMetadataAddress, networkPolicyFor } from "./desired-network-policy.js";
import { workspacePodFor } from "./desired-pod.js";
import { clipboardFlags } from "./desktop-container.js";
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

describe("desktop container", () => {
  const envOf = (clipboard?: "Both" | "ToWorkspace" | "Disabled"): Record<string, unknown> => {
    const skillPod = skillPodFixture(clipboard ? { policy: { clipboard } } : {});
    const pod = workspacePodFor(skillPod, classFixture({ streamPort: 5901 }), { cpu: "1", memory: "2Gi" });
    const env = pod.spec?.containers[0]?.env ?? [];
    return Object.fromEntries(env.map((e) => [e.name, e.value ?? e.valueFrom?.secretKeyRef]));
  };

  it("gives the desktop both passwords from the stream Secret and the class stream port", () => {
    expect(envOf()).toMatchObject({
      HOME: "/home/skillpod",
      VNC_PASSWORD: { name: "ws-alpha-stream", key: "password" },
      VNC_VIEW_PASSWORD: { name: "ws-alpha-stream", key: "view-password" },
      VNC_PORT: "5901",
    });
  });

  it("turns the clipboard policy into Xvnc's send and accept switches", () => {
    expect(clipboardFlags(undefined)).toEqual({ sendCutText: true, acceptCutText: true });
    expect(envOf("Both")).toMatchObject({ VNC_SEND_CUT_TEXT: "1", VNC_ACCEPT_CUT_TEXT: "1" });
    expect(envOf("ToWorkspace")).toMatchObject({ VNC_SEND_CUT_TEXT: "0", VNC_ACCEPT_CUT_TEXT: "1" });
    expect(envOf("Disabled")).toMatchObject({ VNC_SEND_CUT_TEXT: "0", VNC_ACCEPT_CUT_TEXT: "0" });
  });

  it("runs on a read-only root with the home volume, /tmp and /dev/shm writable, probed on the stream port", () => {
    const pod = workspacePodFor(skillPodFixture(), classFixture(), { cpu: "1", memory: "2Gi" });
    const container = pod.spec?.containers[0];
    expect(container?.securityContext?.readOnlyRootFilesystem).toBe(true);
    expect(container?.securityContext?.runAsUser).toBe(1000);
    expect(container?.volumeMounts?.map((m) => m.mountPath)).toEqual(["/home/skillpod", "/tmp", "/dev/shm"]);
    const volumes = Object.fromEntries((pod.spec?.volumes ?? []).map((v) => [v.name, v]));
    expect(volumes.home?.persistentVolumeClaim?.claimName).toBe("home-alpha");
    expect(volumes.tmp?.emptyDir).toBeDefined();
    expect(volumes.shm?.emptyDir?.medium).toBe("Memory");
    for (const probe of [container?.startupProbe, container?.readinessProbe, container?.livenessProbe])
      expect(probe?.tcpSocket?.port).toBe("stream");
    expect(container?.ports?.[0]).toMatchObject({ name: "stream", containerPort: 6901 });
  });

  it("replaces the Pod when the clipboard policy changes (Xvnc takes its switches at start)", () => {
    const hash = (clipboard: "Both" | "Disabled"): string | undefined =>
      workspacePodFor(skillPodFixture({ policy: { clipboard } }), classFixture(), { cpu: "1", memory: "2Gi" })
        .metadata?.annotations?.["skillpod.dev/pod-spec-hash"];
    expect(hash("Both")).not.toBe(hash("Disabled"));
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
