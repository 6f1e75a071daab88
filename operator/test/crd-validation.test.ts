// Proves the CRDs' validation, defaulting and printer columns against the real API server: what the schema,
// its CEL rules and its formats promise is only worth something if kube-apiserver enforces it.
import {
  ApiException,
  ApiextensionsV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
} from "@kubernetes/client-node";
import {
  skillPodApiVersion,
  skillPodClassKind,
  skillPodClassPlural,
  skillPodGroup,
  skillPodKind,
  skillPodPlural,
  skillPodVersion,
  type SkillPod,
  type SkillPodClass,
} from "@skillpod/api";
import { stackEnv, waitFor } from "@skillpod/testkit";
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refusedSkillPods, validSpec, type Manifest } from "./crd-refusals.js";

const crdDirectory = fileURLToPath(new URL("../../crds/", import.meta.url));
const run = randomBytes(3).toString("hex");
const namespace = `crd-validation-${run}`;
// Classes are cluster-scoped, so they carry the run's label for cleanup instead of living in the namespace.
const runLabel = "test.skillpod.dev/crd-validation-run";
const kc = new KubeConfig();
let kubeconfig: string;
let core: CoreV1Api;
let custom: CustomObjectsApi;

/** A body the API server is meant to judge; deliberately looser than SkillPod so invalid ones type-check. */

interface Status {
  code: number;
  reason: string;
  message: string;
}

interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

function kubectl(args: readonly string[], stdin = ""): Promise<KubectlResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("kubectl", ["--kubeconfig", kubeconfig, ...args]);
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

function skillPod(name: string, spec: Manifest = validSpec): Manifest {
  return { apiVersion: skillPodApiVersion, kind: skillPodKind, metadata: { name }, spec };
}

function skillPodClass(name: string, spec: Manifest): Manifest {
  return {
    apiVersion: skillPodApiVersion,
    kind: skillPodClassKind,
    metadata: { name: `crd-validation-${run}-${name}`, labels: { [runLabel]: run } },
    spec,
  };
}

const skillPods = { group: skillPodGroup, version: skillPodVersion, plural: skillPodPlural };
const classes = { group: skillPodGroup, version: skillPodVersion, plural: skillPodClassPlural };

async function createSkillPod(body: Manifest): Promise<SkillPod> {
  return (await custom.createNamespacedCustomObject({ ...skillPods, namespace, body })) as SkillPod;
}

async function replaceSkillPod(body: SkillPod): Promise<SkillPod> {
  const name = body.metadata.name ?? "";
  return (await custom.replaceNamespacedCustomObject({ ...skillPods, namespace, name, body })) as SkillPod;
}

async function createClass(body: Manifest): Promise<SkillPodClass> {
  return (await custom.createClusterCustomObject({ ...classes, body })) as SkillPodClass;
}

/** The Status the API server answered a request with; fails the test if the request succeeded. */
async function rejection(request: Promise<unknown>): Promise<Status> {
  const error = await request.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof ApiException))
    throw new Error(`expected the API server to refuse, got ${String(error)}`);
  return JSON.parse(String(error.body)) as Status;
}

function expectInvalid(status: Status, field: string, message: RegExp): void {
  expect(status.code).toBe(422);
  expect(status.reason).toBe("Invalid");
  expect(status.message).toContain(`${field}: `);
  expect(status.message).toMatch(message);
}

async function applyCrds(): Promise<void> {
  const applied = await kubectl(["apply", "--server-side", "--force-conflicts", "-f", crdDirectory]);
  if (applied.code !== 0) throw new Error(`kubectl apply -f crds/ failed: ${applied.stderr}`);
  const extensions = kc.makeApiClient(ApiextensionsV1Api);
  for (const name of [`${skillPodPlural}.${skillPodGroup}`, `${skillPodClassPlural}.${skillPodGroup}`]) {
    await waitFor(`CRD ${name} to be Established`, async () => {
      const crd = await extensions.readCustomResourceDefinition({ name });
      return crd.status?.conditions?.some((c) => c.type === "Established" && c.status === "True");
    });
  }
}

beforeAll(async () => {
  kubeconfig = stackEnv("KUBECONFIG");
  kc.loadFromFile(kubeconfig);
  core = kc.makeApiClient(CoreV1Api);
  custom = kc.makeApiClient(CustomObjectsApi);
  await applyCrds();
  await core.createNamespace({ body: { metadata: { name: namespace } } });
  // Established can precede the resource being served for a moment after a CRD is first created.
  await waitFor("SkillPods to be served", () =>
    custom.createNamespacedCustomObject({ ...skillPods, namespace, body: skillPod("probe"), dryRun: "All" }),
  );
});

afterAll(async () => {
  await custom
    ?.deleteCollectionClusterCustomObject({ ...classes, labelSelector: `${runLabel}=${run}` })
    .catch(() => undefined);
  await core?.deleteNamespace({ name: namespace }).catch(() => undefined);
});

describe("SkillPod validation", () => {
  it.each(refusedSkillPods)("refuses $what", async ({ spec, field, message }) => {
    const status = await rejection(
      createSkillPod(skillPod(`refused-${randomBytes(3).toString("hex")}`, spec)),
    );
    expectInvalid(status, field, message);
  });

  it("refuses a name longer than 48 characters and accepts one of exactly 48", async () => {
    const status = await rejection(createSkillPod(skillPod("n".repeat(49))));
    // A rule on the root object has no field path, so the API server reports the field as <nil>.
    expect(status.code).toBe(422);
    expect(status.message).toMatch(/a SkillPod name must be at most 48 characters/);
    await expect(createSkillPod(skillPod("n".repeat(48)))).resolves.toBeDefined();
  });

  it("accepts a minimal SkillPod and applies the defaults", async () => {
    const created = await createSkillPod(skillPod("minimal"));
    expect(created.spec).toEqual({
      ...validSpec,
      state: "Running",
      home: { retain: "Retain", volume: "Persistent" },
      expiryAction: "Stop",
      supervision: { recording: "Disabled" },
      policy: { clipboard: "Both", fileTransfer: "Both", egress: {} },
    });
  });

  it("accepts a fully specified SkillPod as written", async () => {
    const spec = {
      ...validSpec,
      contract: { id: "c_456", milestoneId: "m_789" },
      state: "Stopped",
      resources: { cpu: "2", memory: "4Gi" },
      home: { size: "20Gi", retain: "Delete", volume: "Ephemeral" },
      budget: { runningSeconds: 36_000, warnSeconds: 900 },
      idle: { timeoutSeconds: 1800, warnSeconds: 300 },
      expiresAt: "2026-12-01T00:00:00Z",
      expiryAction: "Delete",
      supervision: { viewers: ["u_client"], recording: "WithConsent" },
      policy: { clipboard: "ToWorkspace", fileTransfer: "Disabled", egress: { allow: ["10.0.0.0/8:443"] } },
    };
    const created = await createSkillPod(skillPod("full", spec));
    expect(created.spec).toEqual(spec);
  });

  describe("on update", () => {
    let original: SkillPod;

    beforeAll(async () => {
      original = await createSkillPod(skillPod("immutable", { ...validSpec, home: { size: "20Gi" } }));
    });

    it("refuses a changed className", async () => {
      const changed = { ...original, spec: { ...original.spec, className: "gpu-desktop" } };
      expectInvalid(await rejection(replaceSkillPod(changed)), "spec.className", /className is immutable/);
    });

    it("refuses a changed owner", async () => {
      const changed = { ...original, spec: { ...original.spec, owner: { userId: "u_other" } } };
      expectInvalid(await rejection(replaceSkillPod(changed)), "spec.owner", /owner is immutable/);
    });

    it("refuses a changed home size", async () => {
      const home = { ...original.spec.home, size: "40Gi" };
      const changed = { ...original, spec: { ...original.spec, home } };
      expectInvalid(await rejection(replaceSkillPod(changed)), "spec.home.size", /home.size is immutable/);
    });

    it("refuses removing the home size, which would let a second update set a new one", async () => {
      const changed = {
        ...original,
        spec: { ...original.spec, home: { retain: original.spec.home?.retain } },
      };
      expectInvalid(await rejection(replaceSkillPod(changed)), "spec.home.size", /home.size is immutable/);
    });

    it("refuses adding a home size to a SkillPod created without one", async () => {
      const unsized = await createSkillPod(skillPod("unsized"));
      const changed = { ...unsized, spec: { ...unsized.spec, home: { ...unsized.spec.home, size: "40Gi" } } };
      expectInvalid(await rejection(replaceSkillPod(changed)), "spec.home.size", /home.size is immutable/);
    });

    it("accepts a change of the fields that may change", async () => {
      const home = { ...original.spec.home, retain: "Delete" as const };
      const changed = { ...original, spec: { ...original.spec, state: "Stopped" as const, home } };
      const replaced = await replaceSkillPod(changed);
      expect(replaced.spec).toMatchObject({ state: "Stopped", home: { size: "20Gi", retain: "Delete" } });
      expect(replaced.metadata.generation).toBe((original.metadata.generation ?? 0) + 1);
    });
  });

  it("lets kubectl's YAML parser turn an unquoted Off into false, which the schema refuses", async () => {
    const manifest = [
      `apiVersion: ${skillPodApiVersion}`,
      `kind: ${skillPodKind}`,
      "metadata: { name: yaml-trap }",
      "spec: { className: standard-desktop, owner: { userId: u_123 }, state: Off }",
    ].join("\n");
    const result = await kubectl(["create", "--dry-run=server", "-n", namespace, "-f", "-"], manifest);
    expect(result.code).not.toBe(0);
    expect(result.stderr).toMatch(/spec.state: Invalid value: "boolean"/);
  });
});

describe("SkillPodClass validation", () => {
  const image = "registry.example.com/skillpod/desktop:1";
  const max = { cpu: "4", memory: "8Gi" };

  it("refuses a class without resources.max", async () => {
    const status = await rejection(createClass(skillPodClass("no-max", { image, resources: {} })));
    expectInvalid(status, "spec.resources.max", /Required value/);
  });

  it("accepts a minimal class and applies the defaults", async () => {
    const created = await createClass(skillPodClass("minimal", { image, resources: { max } }));
    expect(created.spec).toEqual({
      image,
      imagePullPolicy: "IfNotPresent",
      streamPort: 6901,
      resources: { default: { cpu: "1", memory: "2Gi" }, max },
      home: { defaultSize: "10Gi" },
      idle: { timeoutSeconds: 1800, warnSeconds: 300 },
      egress: {},
      warmPool: { size: 0 },
    });
  });

  it("refuses idle.warnSeconds not below idle.timeoutSeconds", async () => {
    const idle = { timeoutSeconds: 300, warnSeconds: 300 };
    const status = await rejection(createClass(skillPodClass("idle", { image, resources: { max }, idle })));
    expectInvalid(status, "spec.idle", /idle.warnSeconds must be less than idle.timeoutSeconds/);
  });

  it("checks the idle rule after defaulting: a 2-minute timeout is below the default 5-minute warning", async () => {
    const idle = { timeoutSeconds: 120 };
    const status = await rejection(createClass(skillPodClass("short", { image, resources: { max }, idle })));
    expectInvalid(status, "spec.idle", /idle.warnSeconds must be less than idle.timeoutSeconds/);
  });

  it("refuses an egress allow entry for the metadata service", async () => {
    const egress = { allow: ["169.254.169.254/32:80"] };
    const status = await rejection(
      createClass(skillPodClass("metadata", { image, resources: { max }, egress })),
    );
    expectInvalid(status, "spec.egress.allow[0]", /link-local destinations/);
  });
});

describe("kubectl get spod", () => {
  it("shows the phase, owner, class and readiness columns", async () => {
    const created = await createSkillPod(skillPod("columns"));
    const status = {
      phase: "Running" as const,
      conditions: [
        {
          type: "Ready",
          status: "True" as const,
          reason: "WorkspaceReady",
          message: "The desktop accepts sessions",
          lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, "Z"),
        },
      ],
    };
    await custom.replaceNamespacedCustomObjectStatus({
      ...skillPods,
      namespace,
      name: "columns",
      body: { ...created, status },
    });
    const result = await kubectl(["get", "spod", "columns", "-n", namespace]);
    expect(result.stderr).toBe("");
    const [header, row] = result.stdout.trim().split("\n");
    expect(header?.split(/\s+/)).toEqual(["NAME", "PHASE", "OWNER", "CLASS", "READY", "AGE"]);
    expect(row?.split(/\s+/).slice(0, 5)).toEqual([
      "columns",
      "Running",
      "u_123",
      "standard-desktop",
      "True",
    ]);
  });
});

describe("the status subresource", () => {
  it("drops status written through the main resource and validates status written through /status", async () => {
    const created = await createSkillPod({ ...skillPod("status"), status: { phase: "Running" } });
    expect(created.status).toBeUndefined();
    const badPhase = { ...created, status: { phase: "Sleeping" } };
    const status = await rejection(
      custom.replaceNamespacedCustomObjectStatus({ ...skillPods, namespace, name: "status", body: badPhase }),
    );
    expectInvalid(status, "status.phase", /Unsupported value: "Sleeping"/);
  });
});
