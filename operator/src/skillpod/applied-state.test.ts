import type { V1Service } from "@kubernetes/client-node";
import { describe, expect, it } from "vitest";
import { appliedHashAnnotation, covers, isCurrent, stampApplied } from "./applied-state.js";

const service: V1Service = {
  apiVersion: "v1",
  kind: "Service",
  metadata: { name: "ws-a", namespace: "t", labels: { app: "a" } },
  spec: { type: "ClusterIP", ports: [{ name: "stream", port: 6901 }] },
};

/** What the API server returns: defaults, status and other managers' fields added, kind left out of lists. */
function asServed(stamped: V1Service): V1Service {
  return {
    metadata: {
      ...stamped.metadata,
      uid: "u1",
      resourceVersion: "7",
      labels: { ...stamped.metadata?.labels, extra: "x" },
    },
    spec: {
      ...stamped.spec,
      clusterIP: "10.0.0.9",
      ports: [{ name: "stream", port: 6901, protocol: "TCP", targetPort: 6901 }],
    },
    status: { loadBalancer: {} },
  };
}

describe("covers", () => {
  it("accepts added fields and rejects changed, missing or re-shaped ones", () => {
    expect(covers({ a: 1, b: { c: "x" } }, { a: 1, b: { c: "x", d: 2 }, e: 3 })).toBe(true);
    expect(covers({ a: 1 }, { a: 2 })).toBe(false);
    expect(covers({ a: 1 }, {})).toBe(false);
    expect(covers({ a: [1, 2] }, { a: [1, 2, 3] })).toBe(false);
    expect(covers({ a: [{ p: 1 }] }, { a: [{ p: 1, q: 2 }] })).toBe(true);
    expect(covers({ a: { b: 1 } }, { a: [1] })).toBe(false);
    expect(covers({ a: undefined }, {})).toBe(true);
  });
});

describe("isCurrent", () => {
  it("is true for the child as served after our apply, and false after drift or a new desired state", () => {
    const { stamped, hash } = stampApplied(service);
    expect(stamped.metadata?.annotations?.[appliedHashAnnotation]).toBe(hash);
    const served = asServed(stamped);
    expect(isCurrent(stamped, hash, served)).toBe(true);
    expect(isCurrent(stamped, hash, undefined)).toBe(false);

    const edited = { ...served, spec: { ...served.spec, type: "NodePort" } };
    expect(isCurrent(stamped, hash, edited)).toBe(false);

    const labelRemoved = { ...served, metadata: { ...served.metadata, labels: { extra: "x" } } };
    expect(isCurrent(stamped, hash, labelRemoved)).toBe(false);

    // A field dropped from what we want: the served child still covers it, but the hash tells.
    const smaller = stampApplied({ ...service, metadata: { ...service.metadata, labels: {} } });
    expect(isCurrent(smaller.stamped, smaller.hash, served)).toBe(false);
  });
});
