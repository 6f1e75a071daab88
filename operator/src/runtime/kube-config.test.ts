import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadKubeConfig } from "./kube-config.js";

const kubeconfigYaml = `apiVersion: v1
kind: Config
clusters: [{ name: c, cluster: { server: "https://127.0.0.1:6443" } }]
users: [{ name: u, user: { token: t } }]
contexts: [{ name: ctx, context: { cluster: c, user: u } }]
current-context: ctx
`;

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("loadKubeConfig", () => {
  it("loads an explicit kubeconfig path even inside a cluster", () => {
    const path = join(mkdtempSync(join(tmpdir(), "kubeconfig-")), "config");
    writeFileSync(path, kubeconfigYaml);
    const kc = loadKubeConfig(path, "10.96.0.1");
    expect(kc.getCurrentCluster()?.server).toBe("https://127.0.0.1:6443");
  });

  it("uses the service account when running in a pod", () => {
    vi.stubEnv("KUBERNETES_SERVICE_HOST", "10.96.0.1");
    vi.stubEnv("KUBERNETES_SERVICE_PORT", "443");
    const kc = loadKubeConfig(undefined, "10.96.0.1");
    expect(kc.getCurrentCluster()?.server).toBe("https://10.96.0.1:443");
    expect(kc.getCurrentCluster()?.caFile).toBe("/var/run/secrets/kubernetes.io/serviceaccount/ca.crt");
  });

  it("falls back to $KUBECONFIG outside a cluster", () => {
    const path = join(mkdtempSync(join(tmpdir(), "kubeconfig-")), "config");
    writeFileSync(path, kubeconfigYaml);
    vi.stubEnv("KUBECONFIG", path);
    expect(loadKubeConfig().getCurrentContext()).toBe("ctx");
  });
});
