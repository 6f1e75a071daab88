import type { V1EndpointSlice, V1Secret } from "@kubernetes/client-node";
import type { SkillPod } from "@skillpod/api";
import { describe, expect, it } from "vitest";
import { streamEndpointOf, streamPasswordOf } from "./desktop-target.js";

const slice = (overrides: Partial<V1EndpointSlice> = {}): V1EndpointSlice => ({
  addressType: "IPv4",
  endpoints: [{ addresses: ["10.0.0.7"], conditions: { ready: true } }],
  ports: [
    { name: "other", port: 22 },
    { name: "stream", port: 5901 },
  ],
  ...overrides,
});

const skillPod = { metadata: { name: "pod", namespace: "ns", uid: "uid-1" } } as SkillPod;
const b64 = (s: string): string => Buffer.from(s).toString("base64");
const secret = (uid: string, data: Record<string, string>): V1Secret => ({
  metadata: {
    ownerReferences: [
      { apiVersion: "skillpod.dev/v1alpha1", kind: "SkillPod", name: "pod", uid, controller: true },
    ],
  },
  data,
});

describe("streamEndpointOf", () => {
  it("takes a ready address and the port named stream", () => {
    expect(streamEndpointOf([slice()])).toEqual({ host: "10.0.0.7", port: 5901 });
  });

  it("skips endpoints that are not ready, and counts an unknown condition as ready", () => {
    const endpoints = [
      { addresses: ["10.0.0.1"], conditions: { ready: false } },
      { addresses: ["10.0.0.2"], conditions: {} },
    ];
    expect(streamEndpointOf([slice({ endpoints })])).toEqual({ host: "10.0.0.2", port: 5901 });
  });

  it("finds nothing without a ready endpoint, a stream port or an IP address type", () => {
    expect(streamEndpointOf([])).toBeUndefined();
    expect(
      streamEndpointOf([slice({ endpoints: [{ addresses: ["10.0.0.1"], conditions: { ready: false } }] })]),
    ).toBeUndefined();
    expect(streamEndpointOf([slice({ ports: [{ name: "http", port: 80 }] })])).toBeUndefined();
    expect(streamEndpointOf([slice({ addressType: "FQDN" })])).toBeUndefined();
  });
});

describe("streamPasswordOf", () => {
  const data = { password: b64("full1234"), "view-password": b64("view1234") };

  it("gives the owner the interactive password and a watcher the view-only one", () => {
    expect(streamPasswordOf([secret("uid-1", data)], skillPod, "interactive")).toBe("full1234");
    expect(streamPasswordOf([secret("uid-1", data)], skillPod, "watch")).toBe("view1234");
  });

  it("ignores a Secret the SkillPod does not control, and a missing or empty key", () => {
    expect(streamPasswordOf([secret("someone-else", data)], skillPod, "interactive")).toBeUndefined();
    expect(
      streamPasswordOf([secret("uid-1", { password: b64("full1234") })], skillPod, "watch"),
    ).toBeUndefined();
    expect(streamPasswordOf([secret("uid-1", { password: "" })], skillPod, "interactive")).toBeUndefined();
  });
});
