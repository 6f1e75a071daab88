// The chart installed into the local cluster (kwok nodes): every Deployment's Pods scheduled and Running, the
// ServiceAccounts' permissions proven with SubjectAccessReviews, `helm test`, an upgrade from the previous
// chart version, and an uninstall that leaves the CRDs and the SkillPods and nothing else.
import { randomBytes } from "node:crypto";
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chartDir, helm, kubectl } from "./chart-tools.js";
import { previousChart } from "./previous-chart.js";
import { accessOf, type Access } from "./subject-access.js";

const id = randomBytes(3).toString("hex");
const namespace = `skillpod-chart-${id}`;
const tenant = `tenant-chart-${id}`;
const release = `sp${id}`;
const localValues = join(chartDir, "ci/local-cluster-values.yaml");
const chartVersion = /^version:\s*(\S+)/m.exec(readFileSync(join(chartDir, "Chart.yaml"), "utf8"))?.[1] ?? "";
// The chart's Deployments with ci/local-cluster-values.yaml: operator, control plane, gateway, portal (2 each)
// and three workers groups (1 each).
const expectedPods = 11;

type PodList = {
  items: { metadata: { name: string }; spec: { nodeName?: string }; status: { phase: string } }[];
};

async function createSecrets(ns: string): Promise<void> {
  const secrets: Record<string, Record<string, string>> = {
    "skillpod-database": {
      "app-url": "postgresql://app@db:5432/skillpod",
      "owner-url": "postgresql://owner@db:5432/skillpod",
    },
    "skillpod-redis": { url: "redis://redis:6379" },
    "skillpod-platform": {
      "internal-api-token": randomBytes(24).toString("hex"),
      "mfa-encryption-key": randomBytes(32).toString("base64"),
      "jwt-private-key": "unused-on-kwok",
      "audit-signing-key": "unused-on-kwok",
    },
    "skillpod-mail": { "smtp-url": "smtp://mail:25" },
  };
  for (const [name, data] of Object.entries(secrets)) {
    const literals = Object.entries(data).map(([k, v]) => `--from-literal=${k}=${v}`);
    await kubectl(["-n", ns, "create", "secret", "generic", name, ...literals]);
  }
}

/**
 * The stack (and other tests) installed the CRDs with kubectl: let this release adopt them, as README tells an
 * operator who did the same. Kept CRDs stay annotated for the release that last owned them.
 */
async function adoptCrds(instance: string, ns: string): Promise<void> {
  const crds = ["crd/skillpods.skillpod.dev", "crd/skillpodclasses.skillpod.dev"];
  await kubectl(["label", ...crds, "app.kubernetes.io/managed-by=Helm", "--overwrite"]);
  await kubectl([
    "annotate",
    ...crds,
    `meta.helm.sh/release-name=${instance}`,
    `meta.helm.sh/release-namespace=${ns}`,
    "--overwrite",
  ]);
}

async function podsOf(ns: string, instance: string): Promise<PodList["items"]> {
  const { stdout } = await kubectl([
    "-n",
    ns,
    "get",
    "pods",
    "-l",
    `app.kubernetes.io/instance=${instance}`,
    "-o",
    "json",
  ]);
  return (JSON.parse(stdout) as PodList).items;
}

async function kwokNodes(): Promise<Set<string>> {
  const { stdout } = await kubectl([
    "get",
    "nodes",
    "-l",
    "type=kwok",
    "-o",
    "jsonpath={.items[*].metadata.name}",
  ]);
  return new Set(stdout.split(" ").filter(Boolean));
}

/** Every object that still carries the release's instance label, as kind/name. */
async function leftovers(instance: string): Promise<string[]> {
  const kinds =
    "deployments,services,serviceaccounts,poddisruptionbudgets,jobs,configmaps,ingresses,roles,rolebindings,clusterroles,clusterrolebindings,namespaces,skillpodclasses,customresourcedefinitions";
  const { stdout } = await kubectl([
    "get",
    kinds,
    "-A",
    "-l",
    `app.kubernetes.io/instance=${instance}`,
    "-o",
    "name",
  ]);
  return stdout.split("\n").filter(Boolean).sort();
}

function expectAccess(granted: Access[]): void {
  const wrong = granted.filter((a) => a.allowed !== a.expected);
  expect(
    wrong.map((a) => `${a.who} ${a.verb} ${a.resource} in ${a.namespace ?? "(cluster)"}: ${a.allowed}`),
  ).toEqual([]);
}

describe("helm install into the local cluster", () => {
  beforeAll(async () => {
    await kubectl(["create", "namespace", namespace]);
    await createSecrets(namespace);
  });

  afterAll(async () => {
    await helm(["uninstall", release, "-n", namespace, "--wait"]).catch(() => undefined);
    await kubectl(["delete", "namespace", namespace, tenant, "--wait=false", "--ignore-not-found"]).catch(
      () => undefined,
    );
  });

  it("installs: every Deployment's Pods scheduled onto kwok nodes and Running", async () => {
    await adoptCrds(release, namespace);
    const { stdout } = await helm([
      "install",
      release,
      chartDir,
      "-n",
      namespace,
      "-f",
      localValues,
      "--set",
      `tenantNamespaces={${tenant}}`,
      "--wait",
      "--timeout",
      "5m",
    ]);
    expect(stdout).toContain("STATUS: deployed");
    expect(stdout).toContain(`kubectl -n ${namespace} get deploy,pods`);
    const pods = await podsOf(namespace, release);
    const nodes = await kwokNodes();
    const running = pods.filter((p) => p.status.phase === "Running" && nodes.has(p.spec.nodeName ?? ""));
    expect(running).toHaveLength(expectedPods);
  });

  it("grants each ServiceAccount what its component needs and nothing it must not have", async () => {
    expectAccess(await accessOf(release, namespace, tenant));
  });

  it("passes helm test (a Job asking the API whether it is ready)", async () => {
    const { stdout } = await helm(["test", release, "-n", namespace, "--timeout", "2m"]);
    expect(stdout).toMatch(/TEST SUITE:\s+\S+-test-api\s*\n.*\n.*\n\s*Phase:\s+Succeeded/);
  });

  it("uninstalls, leaving the CRDs, the tenant namespaces and their SkillPods, and nothing else", async () => {
    await kubectl(["apply", "-f", "-"], skillPodIn(tenant));
    await helm(["uninstall", release, "-n", namespace, "--wait"]);
    expect(await leftovers(release)).toEqual([
      "customresourcedefinition.apiextensions.k8s.io/skillpodclasses.skillpod.dev",
      "customresourcedefinition.apiextensions.k8s.io/skillpods.skillpod.dev",
      `namespace/${tenant}`,
    ]);
    const { stdout } = await kubectl(["-n", tenant, "get", "skillpods.skillpod.dev", "kept", "-o", "name"]);
    expect(stdout.trim()).toBe("skillpod.skillpod.dev/kept");
    expect(await podsOf(namespace, release)).toEqual([]);
  });
});

describe("helm upgrade from the previous chart version", () => {
  const upgradeNamespace = `${namespace}-up`;
  const previous = previousChart(chartVersion);

  beforeAll(async () => {
    await kubectl(["create", "namespace", upgradeNamespace]);
    await createSecrets(upgradeNamespace);
  });

  afterAll(async () => {
    await helm(["uninstall", `${release}-up`, "-n", upgradeNamespace, "--wait"]).catch(() => undefined);
    await kubectl(["delete", "namespace", upgradeNamespace, "--wait=false"]).catch(() => undefined);
    if (typeof previous !== "string") rmSync(join(previous.dir, "../.."), { recursive: true, force: true });
  });

  it("upgrades a release of the previous version to this one, every Pod Running again", async () => {
    if (typeof previous === "string")
      throw new Error(`no previous chart version to upgrade from: ${previous}`);
    const up = `${release}-up`;
    const common = [
      "-n",
      upgradeNamespace,
      "-f",
      localValues,
      "--set",
      "tenantNamespaces=null",
      "--wait",
      "--timeout",
      "5m",
    ];
    await adoptCrds(up, upgradeNamespace);
    await helm(["install", up, previous.dir, ...common]);
    const { stdout } = await helm(["upgrade", up, chartDir, ...common]);
    expect(stdout).toContain("REVISION: 2");
    const { stdout: history } = await helm(["history", up, "-n", upgradeNamespace, "-o", "json"]);
    const charts = (JSON.parse(history) as { chart: string; status: string }[]).map(
      (r) => `${r.chart} ${r.status}`,
    );
    expect(charts).toEqual([`skillpod-${previous.version} superseded`, `skillpod-${chartVersion} deployed`]);
    const pods = await podsOf(upgradeNamespace, up);
    expect(pods.filter((p) => p.status.phase === "Running")).toHaveLength(expectedPods);
  });
});

function skillPodIn(ns: string): string {
  return JSON.stringify({
    apiVersion: "skillpod.dev/v1alpha1",
    kind: "SkillPod",
    metadata: { name: "kept", namespace: ns },
    spec: { className: "chart-test-desktop", owner: { userId: "u-chart" }, state: "Stopped" },
  });
}
