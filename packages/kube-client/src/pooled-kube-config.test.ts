import { describe, expect, it } from "vitest";
import { PooledKubeConfig } from "./pooled-kube-config.js";

const config = (server: string): PooledKubeConfig => {
  const kc = new PooledKubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: "c", server, skipTLSVerify: false }],
    users: [{ name: "u", token: "t" }],
    contexts: [{ name: "x", cluster: "c", user: "u" }],
    currentContext: "x",
  });
  return kc;
};

type WithAgent = { createAgent: (cluster: unknown, options: object) => { options: { keepAlive?: boolean } } };

describe("PooledKubeConfig", () => {
  it("reuses one keep-alive agent per cluster and credentials", () => {
    const kc = config("https://127.0.0.1:6443");
    const cluster = kc.getCurrentCluster();
    const create = (kc as unknown as WithAgent).createAgent;
    const first = create(cluster, { ca: "a" });
    expect(create(cluster, { ca: "a" })).toBe(first);
    expect(create(cluster, { ca: "b" })).not.toBe(first);
    expect(first.options.keepAlive).toBe(true);
    kc.destroyAgents();
  });
});
