// A real `tofu apply` of the module against the local stack's cluster: the namespace, the Secrets and the
// release are created, every Deployment's Pods run on the kwok nodes with every Secret they reference present,
// a second plan has nothing to do, a changed value upgrades the release, and `tofu destroy` leaves nothing of
// SkillPod behind.
import { generateKeyPairSync, randomBytes } from "node:crypto";
import { join } from "node:path";
import { runTool, stackEnv } from "@skillpod/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoDir, tofuWorkspace, type TofuWorkspace } from "./tofu-workspace.js";

const root = "test/local-cluster";
// Unique per run: another run (CI, a developer) may share the cluster. "skillpod" in the release name makes
// the chart name objects <release>-<component>.
const id = randomBytes(3).toString("hex");
const namespace = `skillpod-tf-${id}`;
const release = `skillpod-tf-${id}`;
const timings: Record<string, number> = {};

type Deployment = {
  metadata: { name: string };
  spec: {
    replicas: number;
    template: {
      spec: { containers: { env?: { valueFrom?: { secretKeyRef?: { name: string; key: string } } }[] }[] };
    };
  };
  status: { readyReplicas?: number; availableReplicas?: number };
};

type Outputs = {
  release_status: { value: string };
  revision: { value: number };
  created_secrets: { value: string[] };
};

function ed25519Pem(): string {
  return generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }).toString();
}

function variables(): Record<string, string> {
  return {
    TF_VAR_kubeconfig_path: stackEnv("KUBECONFIG"),
    TF_VAR_chart_path: join(repoDir, "charts", "skillpod"),
    TF_VAR_namespace: namespace,
    TF_VAR_release_name: release,
    TF_VAR_temporal_address: stackEnv("TEMPORAL_ADDRESS"),
    TF_VAR_database_app_url: stackEnv("APP_DATABASE_URL"),
    TF_VAR_database_owner_url: stackEnv("DATABASE_URL"),
    TF_VAR_redis_url: stackEnv("REDIS_URL"),
    TF_VAR_platform_keys: JSON.stringify({
      internal_api_token: randomBytes(32).toString("hex"),
      mfa_encryption_key: randomBytes(32).toString("base64"),
      jwt_private_key: ed25519Pem(),
      audit_signing_key: ed25519Pem(),
    }),
  };
}

async function kubectl(
  args: string[],
  allowFailure = false,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return runTool("kubectl", args, { env: { KUBECONFIG: stackEnv("KUBECONFIG") }, allowFailure });
}

async function kubectlJson<T>(args: string[]): Promise<T> {
  return JSON.parse((await kubectl([...args, "-o", "json"])).stdout) as T;
}

async function timed<T>(step: string, run: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await run();
  } finally {
    timings[step] = Date.now() - started;
  }
}

describe("terraform/modules/skillpod on the local cluster", () => {
  let workspace: TofuWorkspace;
  let env: Record<string, string>;
  let applied = false;

  beforeAll(async () => {
    workspace = tofuWorkspace();
    env = variables();
    await timed("init", () => workspace.tofu(root, ["init", "-input=false", "-no-color"]));
  });

  afterAll(async () => {
    // A failed test must not leave the release in the shared cluster.
    if (applied)
      await workspace.tofu(root, ["destroy", "-auto-approve", "-no-color"], { env, allowFailure: true });
    workspace?.remove();
    console.info(`tofu timings (ms): ${JSON.stringify(timings)}`);
  });

  it("applies: namespace, Secrets and a deployed release", async () => {
    applied = true;
    await timed("apply", () => workspace.tofu(root, ["apply", "-auto-approve", "-no-color"], { env }));
    const outputs = JSON.parse((await workspace.tofu(root, ["output", "-json"], { env })).stdout) as Outputs;
    expect(outputs.release_status.value).toBe("deployed");
    expect(outputs.revision.value).toBe(1);
    // Stripe's key was not given (payments use the sandbox): its Secret is not the module's to write.
    expect(outputs.created_secrets.value).toEqual([
      "skillpod-database",
      "skillpod-mail",
      "skillpod-platform",
      "skillpod-redis",
    ]);
  });

  it("labels the namespace for the restricted Pod Security profile", async () => {
    const ns = await kubectlJson<{ metadata: { labels: Record<string, string> } }>([
      "get",
      "namespace",
      namespace,
    ]);
    expect(ns.metadata.labels["pod-security.kubernetes.io/enforce"]).toBe("restricted");
  });

  it("writes the Secrets with the keys and values the chart reads", async () => {
    const secret = await kubectlJson<{ data: Record<string, string> }>([
      "-n",
      namespace,
      "get",
      "secret",
      "skillpod-database",
    ]);
    expect(Object.keys(secret.data).sort()).toEqual(["app-url", "owner-url"]);
    expect(Buffer.from(secret.data["app-url"] ?? "", "base64").toString()).toBe(env.TF_VAR_database_app_url);
    const payments = await kubectl(["-n", namespace, "get", "secret", "skillpod-payments"], true);
    expect(payments.stderr).toMatch(/NotFound/);
  });

  it("runs every Deployment, each reading only Secrets and keys that exist", async () => {
    const { items } = await kubectlJson<{ items: Deployment[] }>(["-n", namespace, "get", "deployments"]);
    const names = items.map((d) => d.metadata.name).sort();
    expect(names).toEqual(
      [
        "control-plane",
        "gateway",
        "operator",
        "portal",
        "workers-contracts",
        "workers-payments",
        "workers-provisioning",
      ].map((component) => `${release}-${component}`),
    );
    for (const deployment of items) {
      expect(deployment.status.availableReplicas, deployment.metadata.name).toBe(deployment.spec.replicas);
      const refs = deployment.spec.template.spec.containers.flatMap((c) =>
        (c.env ?? []).flatMap((e) => (e.valueFrom?.secretKeyRef ? [e.valueFrom.secretKeyRef] : [])),
      );
      for (const ref of refs) {
        const secret = await kubectlJson<{ data: Record<string, string> }>([
          "-n",
          namespace,
          "get",
          "secret",
          ref.name,
        ]);
        expect(Object.keys(secret.data), `${deployment.metadata.name}: ${ref.name}/${ref.key}`).toContain(
          ref.key,
        );
      }
    }
  });

  it("has nothing left to change on a second plan", async () => {
    const plan = await timed("plan", () =>
      workspace.tofu(root, ["plan", "-detailed-exitcode", "-no-color"], { env, allowFailure: true }),
    );
    // -detailed-exitcode: 0 is "no changes", 2 is a diff (printed on failure).
    expect(plan.code, plan.stdout + plan.stderr).toBe(0);
  });

  it("upgrades the release in place when a value changes", async () => {
    const upgrade = { env: { ...env, TF_VAR_operator_replicas: "2" } };
    await timed("upgrade", () => workspace.tofu(root, ["apply", "-auto-approve", "-no-color"], upgrade));
    const outputs = JSON.parse((await workspace.tofu(root, ["output", "-json"], upgrade)).stdout) as Outputs;
    expect(outputs.revision.value).toBe(2);
    const operator = await kubectlJson<Deployment>([
      "-n",
      namespace,
      "get",
      "deployment",
      `${release}-operator`,
    ]);
    expect(operator.status.availableReplicas).toBe(2);
  });

  it("destroys everything it made: the release's objects, the Secrets and the namespace", async () => {
    await timed("destroy", () => workspace.tofu(root, ["destroy", "-auto-approve", "-no-color"], { env }));
    applied = false;
    const ns = await kubectl(["get", "namespace", namespace], true);
    expect(ns.stderr).toMatch(/NotFound/);
    const clusterWide = await kubectl([
      "get",
      "clusterroles,clusterrolebindings,namespaces",
      "-l",
      `app.kubernetes.io/instance=${release}`,
      "-o",
      "name",
    ]);
    expect(clusterWide.stdout.trim()).toBe("");
  });
});
