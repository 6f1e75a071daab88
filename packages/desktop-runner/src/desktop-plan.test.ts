import type { V1Pod, V1Secret } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { desktopPlanFor, isDesktopDue, resolveEnv } from "./desktop-plan.js";

function podFixture(overrides: { phase?: string; podIP?: string; deleting?: boolean } = {}): V1Pod {
  return {
    metadata: {
      name: "ws-alpha",
      namespace: "team-a",
      uid: "uid-1",
      ...(overrides.deleting ? { deletionTimestamp: new Date() } : {}),
    },
    spec: {
      containers: [
        {
          name: "desktop",
          image: "desktop:1",
          env: [
            { name: "HOME", value: "/home/skillpod" },
            {
              name: "VNC_PASSWORD",
              valueFrom: { secretKeyRef: { name: "ws-alpha-stream", key: "password" } },
            },
            {
              name: "VNC_VIEW_PASSWORD",
              valueFrom: { secretKeyRef: { name: "ws-alpha-stream", key: "view-password" } },
            },
            { name: "VNC_PORT", value: "6901" },
          ],
          volumeMounts: [
            { name: "home", mountPath: "/home/skillpod" },
            { name: "tmp", mountPath: "/tmp" },
          ],
        },
      ],
      volumes: [
        { name: "home", persistentVolumeClaim: { claimName: "home-alpha" } },
        { name: "tmp", emptyDir: {} },
      ],
    },
    status: { phase: overrides.phase ?? "Running", podIP: overrides.podIP ?? "10.244.0.7" },
  };
}

const secret = (data: Record<string, string>): V1Secret => ({
  data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, Buffer.from(v).toString("base64")])),
});

describe("desktop plan", () => {
  it("is due only for a Running Pod with an address that is not being deleted", () => {
    expect(isDesktopDue(podFixture())).toBe(true);
    expect(isDesktopDue(podFixture({ phase: "Pending" }))).toBe(false);
    expect(isDesktopDue(podFixture({ podIP: "" }))).toBe(false);
    expect(isDesktopDue(podFixture({ deleting: true }))).toBe(false);
    expect(desktopPlanFor(podFixture({ phase: "Succeeded" }))).toBeUndefined();
  });

  it("takes the Pod's uid, address, env sources and the claim mounted at HOME", () => {
    const found = desktopPlanFor(podFixture());
    expect(found?.problems).toEqual([]);
    expect(found?.plan).toMatchObject({
      key: "uid-1",
      pod: "team-a/ws-alpha",
      podIP: "10.244.0.7",
      homeClaim: "home-alpha",
    });
    expect(found?.plan.env.map((e) => e.name)).toEqual([
      "HOME",
      "VNC_PASSWORD",
      "VNC_VIEW_PASSWORD",
      "VNC_PORT",
    ]);
  });

  it("names env it cannot give instead of starting a desktop with a made-up value", () => {
    const pod = podFixture();
    pod.spec?.containers[0]?.env?.push({
      name: "NODE",
      valueFrom: { fieldRef: { fieldPath: "spec.nodeName" } },
    });
    expect(desktopPlanFor(pod)?.problems).toEqual(["NODE: only values and secretKeyRef are supported"]);
  });

  it("reads secretKeyRefs from the Secret once, like a kubelet", async () => {
    const plan = desktopPlanFor(podFixture())?.plan;
    const reads: string[] = [];
    const env = await resolveEnv(plan?.env ?? [], (name) => {
      reads.push(name);
      return Promise.resolve(secret({ password: "Interact", "view-password": "Watching" }));
    });
    expect(env).toEqual({
      HOME: "/home/skillpod",
      VNC_PASSWORD: "Interact",
      VNC_VIEW_PASSWORD: "Watching",
      VNC_PORT: "6901",
    });
    expect(reads).toEqual(["ws-alpha-stream"]);
  });

  it("refuses a start when a required key is missing, and skips a missing optional one", async () => {
    const plan = desktopPlanFor(podFixture())?.plan;
    const onlyInteractive = (): Promise<V1Secret> => Promise.resolve(secret({ password: "Interact" }));
    await expect(resolveEnv(plan?.env ?? [], onlyInteractive)).rejects.toThrow(
      "VNC_VIEW_PASSWORD: key view-password of Secret ws-alpha-stream not found",
    );
    const optional = [{ name: "EXTRA", secret: { name: "gone", key: "k", optional: true } }];
    expect(await resolveEnv(optional, () => Promise.resolve(undefined))).toEqual({});
  });
});
