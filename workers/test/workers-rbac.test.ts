// The workers' RBAC (workers/config/rbac) on a real ServiceAccount token: the apiserver grants exactly what
// the activities use, and the provisioning and usage activities themselves (the workers' own code) run on
// that token against the real apiserver and PostgreSQL without a 403, creating the tenant's namespace too.
import {
  AuthorizationV1Api,
  CoreV1Api,
  CustomObjectsApi,
  KubernetesObjectApi,
  PatchStrategy,
  Watch,
  loadAllYaml,
  setHeaderOptions,
  type KubeConfig,
  type KubernetesObject,
  type V1ResourceAttributes,
} from "@kubernetes/client-node";
import type { SkillPod } from "@skillpod/api";
import {
  labels,
  skillPodConditionTypes,
  skillPodGroup,
  skillPodPlural,
  skillPodVersion,
} from "@skillpod/api";
import type { ProvisioningInput } from "@skillpod/contract-messages";
import { PooledKubeConfig, createNamespaceIfAbsent, loadKubeConfig } from "@skillpod/kube-client";
import { stackEnv, waitFor } from "@skillpod/testkit";
import { MockActivityEnvironment } from "@temporalio/testing";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createProvisioningActivities, skillPodNameFor } from "../src/provisioning/index.js";
import { skillPodPath } from "../src/provisioning/skillpod-api.js";
import { createUsageActivities } from "../src/usage/index.js";

const repo = join(import.meta.dirname, "..", "..");
const id = randomBytes(3).toString("hex");
const systemNamespace = `skillpod-workers-${id}`;
/** Not created by the test: ensureSkillPod makes it, as it does for a tenant's first workspace. */
const tenant = `skp-workers-rbac-${id}`;
const clusterName = `skillpod-workers-${id}`;
const account = "skillpod-workers";
const contractId = `c-rbac-${id}`;
const milestoneId = `m-rbac-${id}`;
const skillPods = { group: skillPodGroup, version: skillPodVersion, plural: skillPodPlural };
const mergePatch = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

const admin = loadKubeConfig(stackEnv("KUBECONFIG"));
const core = admin.makeApiClient(CoreV1Api);
const custom = admin.makeApiClient(CustomObjectsApi);
const objects = KubernetesObjectApi.makeApiClient(admin);

type LogLine = { level: number; msg: string } & Record<string, unknown>;
const logLines: LogLine[] = [];
// Debug: the ready watch logs a failed watch only at that level, and a 403 there must not go unseen.
const log = pino({ level: "debug" }, { write: (line: string) => logLines.push(JSON.parse(line) as LogLine) });
/** Log lines that carry an authorization failure anywhere in them. */
const forbidden = (): LogLine[] => logLines.filter((l) => /\b403\b|forbidden/i.test(JSON.stringify(l)));

let pool: pg.Pool;
let workers: PooledKubeConfig | undefined;
let rendered: KubernetesObject[] = [];

// ---------------------------------------------------------------------------------------------------------
// RBAC: the manifests as shipped, renamed so that parallel runs and a real installation do not collide.
// A local copy of operator/test/operator-processes.test.ts's helpers: that one writes a kubeconfig file for a
// child process, these activities run in this process and take a KubeConfig object.

/** `kubectl kustomize` output with skillpod-system replaced and the cluster-scoped names made unique. */
function renderRbac(namespace: string, name: string): KubernetesObject[] {
  const kubectl = join(stackEnv("SKILLPOD_BIN"), "kubectl");
  const output = execFileSync(kubectl, ["kustomize", join(repo, "workers", "config", "rbac")], {
    encoding: "utf8",
  });
  return (loadAllYaml(output) as KubernetesObject[]).map((object) => {
    const copy = JSON.parse(
      JSON.stringify(object).replaceAll('"skillpod-system"', JSON.stringify(namespace)),
    ) as KubernetesObject & { roleRef?: { name: string } };
    if (copy.kind === "ClusterRole" || copy.kind === "ClusterRoleBinding") copy.metadata!.name = name;
    if (copy.kind === "ClusterRoleBinding") copy.roleRef!.name = name;
    return copy;
  });
}

/** A KubeConfig that authenticates with a TokenRequest token of the ServiceAccount, and nothing else. */
async function serviceAccountKubeConfig(namespace: string, name: string): Promise<PooledKubeConfig> {
  const request = await core.createNamespacedServiceAccountToken({
    name,
    namespace,
    body: { spec: { audiences: [], expirationSeconds: 3600 } },
  });
  const cluster = admin.getCurrentCluster();
  if (!cluster) throw new Error("the stack kubeconfig has no current cluster");
  // The workers' own KubeConfig class, as loadKubeConfig gives them in production.
  const kubeConfig = new PooledKubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [
      {
        name: "stack",
        server: cluster.server,
        caData: cluster.caData,
        caFile: cluster.caFile,
        skipTLSVerify: false,
      },
    ],
    users: [{ name, token: request.status?.token }],
    contexts: [{ name, cluster: "stack", user: name }],
    currentContext: name,
  });
  return kubeConfig;
}

/** SelfSubjectAccessReview as the ServiceAccount: what the apiserver would let the workers do. */
function accessReviewer(kubeConfig: KubeConfig): (a: V1ResourceAttributes) => Promise<boolean> {
  const api = kubeConfig.makeApiClient(AuthorizationV1Api);
  return async (resourceAttributes) => {
    const review = await api.createSelfSubjectAccessReview({ body: { spec: { resourceAttributes } } });
    return review.status?.allowed ?? false;
  };
}

/**
 * The HTTP status a watch opened with `kubeConfig` was answered with, then closes it. client-node reports a
 * refused watch only through its done callback, which the ready watch turns into "try again later".
 */
async function watchStatus(
  kubeConfig: KubeConfig,
  path: string,
  query: Record<string, string>,
): Promise<number> {
  const outcome: { error?: unknown } = {};
  const controller = await new Watch(kubeConfig).watch(
    path,
    query,
    () => undefined,
    (error: unknown) => {
      outcome.error ??= error ?? new Error(`the watch of ${path} closed at once`);
    },
  );
  // Before the abort, whose own "error" would land in the same callback.
  const failure = outcome.error;
  controller.abort();
  if (failure === undefined) return 200;
  const status = (failure as { statusCode?: number }).statusCode;
  if (status === undefined) throw failure instanceof Error ? failure : new Error(JSON.stringify(failure));
  return status;
}

const statusOf = (error: unknown): number | undefined => (error as { code?: number }).code;

// ---------------------------------------------------------------------------------------------------------

function inputFor(): ProvisioningInput {
  return {
    contractId,
    milestoneId,
    contractWorkflowId: `contract-${contractId}`,
    namespace: tenant,
    // No such class: the apiserver does not check it, and without an operator here nothing else reads it.
    className: `rbac-${id}`,
    ownerUserId: "u-freelancer",
    viewers: ["u-client"],
    dueAt: "2030-06-30T12:00:00Z",
    graceSeconds: 3600,
  };
}

async function readSkillPod(name: string): Promise<SkillPod> {
  return (await custom.getNamespacedCustomObject({ ...skillPods, namespace: tenant, name })) as SkillPod;
}

/** What the operator would write once the workspace is up; there is no operator here, so the admin does. */
async function markReady(skillPod: SkillPod): Promise<void> {
  const status = {
    phase: "Running",
    observedGeneration: skillPod.metadata?.generation,
    endpoint: `ws-${skillPod.metadata?.name}.${tenant}.svc.cluster.local:6901`,
    conditions: [
      {
        type: skillPodConditionTypes.ready,
        status: "True",
        reason: "Running",
        message: "set by workers-rbac.test.ts",
        lastTransitionTime: new Date().toISOString(),
      },
    ],
  };
  await custom.patchNamespacedCustomObjectStatus(
    { ...skillPods, namespace: tenant, name: skillPod.metadata?.name ?? "", body: { status } },
    mergePatch,
  );
}

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: stackEnv("TEST_DATABASE_URL"), max: 2 });
  await core.createNamespace({ body: { metadata: { name: systemNamespace } } });
  rendered = renderRbac(systemNamespace, clusterName);
  for (const object of rendered) await objects.create(object);
  workers = await serviceAccountKubeConfig(systemNamespace, account);
  // recordWorkspace's row and meterUsage's cursor both reference the contract.
  await pool.query(
    `INSERT INTO contracts (id, workflow_id, client_id, freelancer_id, title, currency, platform_fee_bps, state)
     VALUES ($1, $2, 'u-client', 'u-freelancer', 'Workers RBAC test', 'EUR', 1000, 'active')`,
    [contractId, `contract-${contractId}`],
  );
  // The RBAC authorizer learns of new bindings through a watch: wait for the first grant to arrive.
  const review = accessReviewer(workers);
  await waitFor("the binding to take effect", () =>
    review({ group: skillPodGroup, resource: skillPodPlural, verb: "create", namespace: tenant }),
  );
});

afterAll(async () => {
  for (const object of rendered.filter((o) => o.kind?.startsWith("Cluster")))
    await objects.delete(object).catch(() => undefined);
  // Nothing here puts a finalizer on the SkillPod (no operator watches the namespace), so both go at once.
  for (const name of [tenant, systemNamespace]) await core.deleteNamespace({ name }).catch(() => undefined);
  if (pool) {
    for (const table of ["invoice_lines", "usage_records", "usage_cursors", "workspaces", "contracts"]) {
      const column = table === "contracts" ? "id" : "contract_id";
      await pool.query(`DELETE FROM ${table} WHERE ${column} = $1`, [contractId]);
    }
    await pool.end();
  }
  workers?.destroyAgents();
  admin.destroyAgents();
});

describe("the workers' RBAC (workers/config/rbac)", () => {
  // Each test answers for its own log lines.
  beforeEach(() => {
    logLines.length = 0;
  });

  it("grants what the activities use and denies the rest", async () => {
    const review = accessReviewer(workers!);
    const skillPod = { group: skillPodGroup, resource: skillPodPlural };
    const cases: [boolean, V1ResourceAttributes][] = [
      [true, { ...skillPod, verb: "create", namespace: tenant }],
      [true, { ...skillPod, verb: "get", namespace: tenant }],
      [true, { ...skillPod, verb: "patch", namespace: tenant }],
      [true, { ...skillPod, verb: "watch", namespace: tenant }],
      // Cluster-wide: no namespace in the attributes.
      [true, { ...skillPod, verb: "list" }],
      [false, { ...skillPod, verb: "update", namespace: tenant }],
      [false, { ...skillPod, verb: "delete", namespace: tenant }],
      [false, { ...skillPod, verb: "deletecollection", namespace: tenant }],
      [false, { ...skillPod, subresource: "status", verb: "patch", namespace: tenant }],
      [false, { ...skillPod, subresource: "status", verb: "update", namespace: tenant }],
      [false, { ...skillPod, subresource: "finalizers", verb: "update", namespace: tenant }],
      [false, { group: skillPodGroup, resource: "skillpodclasses", verb: "get" }],
      [false, { group: skillPodGroup, resource: "skillpodclasses", verb: "create" }],
      [false, { resource: "secrets", verb: "get", namespace: tenant }],
      [false, { resource: "secrets", verb: "list" }],
      [false, { resource: "pods", verb: "create", namespace: tenant }],
      [false, { resource: "pods", verb: "list", namespace: tenant }],
      [false, { resource: "pods", subresource: "exec", verb: "create", namespace: tenant }],
      [false, { resource: "persistentvolumeclaims", verb: "get", namespace: tenant }],
      [false, { resource: "configmaps", verb: "get", namespace: tenant }],
      [false, { resource: "events", verb: "create", namespace: tenant }],
      [true, { resource: "namespaces", verb: "create" }],
      [false, { resource: "namespaces", verb: "get" }],
      [false, { resource: "namespaces", verb: "list" }],
      [false, { resource: "namespaces", verb: "patch" }],
      [false, { resource: "namespaces", verb: "update" }],
      [false, { resource: "namespaces", verb: "delete" }],
      [
        false,
        { resource: "serviceaccounts", subresource: "token", verb: "create", namespace: systemNamespace },
      ],
      [false, { resource: "users", verb: "impersonate" }],
      [false, { group: "rbac.authorization.k8s.io", resource: "clusterroles", verb: "escalate" }],
      [false, { group: "rbac.authorization.k8s.io", resource: "clusterroles", verb: "bind" }],
      [false, { group: "rbac.authorization.k8s.io", resource: "roles", verb: "bind", namespace: tenant }],
      [
        false,
        { group: "rbac.authorization.k8s.io", resource: "rolebindings", verb: "create", namespace: tenant },
      ],
      [false, { group: "apps", resource: "deployments", verb: "create", namespace: tenant }],
      [false, { group: "batch", resource: "jobs", verb: "create", namespace: tenant }],
      [false, { group: "networking.k8s.io", resource: "networkpolicies", verb: "patch", namespace: tenant }],
      [
        false,
        { group: "coordination.k8s.io", resource: "leases", verb: "create", namespace: systemNamespace },
      ],
      [false, { group: "apiextensions.k8s.io", resource: "customresourcedefinitions", verb: "update" }],
    ];
    const describeCase = ([, a]: [boolean, V1ResourceAttributes]): string =>
      `${a.verb} ${[a.group, a.resource, a.subresource].filter(Boolean).join("/")} in ${a.namespace ?? "*"}`;
    const answers = await Promise.all(cases.map(([, attributes]) => review(attributes)));
    expect(Object.fromEntries(cases.map((c, i) => [describeCase(c), answers[i]]))).toEqual(
      Object.fromEntries(cases.map((c) => [describeCase(c), c[0]])),
    );
  });

  it("runs ensureSkillPod, waitForSkillPodReady's watch, setSkillPodState and recordWorkspace on the token", async () => {
    const activities = createProvisioningActivities({ kubeConfig: workers!, pool, log });
    const input = inputFor();
    const name = skillPodNameFor(contractId, milestoneId);
    const ref = { namespace: tenant, name };

    // The tenant's namespace does not exist yet: the create makes it first, labelled for tenants.
    await expect(core.readNamespace({ name: tenant })).rejects.toMatchObject({ code: 404 });
    const created = await activities.ensureSkillPod(input);
    const namespace = await core.readNamespace({ name: tenant });
    expect(namespace.metadata?.labels).toMatchObject({
      "pod-security.kubernetes.io/enforce": "restricted",
      "app.kubernetes.io/managed-by": "skillpod",
      "skillpod.dev/tenant": "true",
    });
    expect(logLines.filter((l) => l.msg === `Created Namespace ${tenant}`)).toHaveLength(1);
    // One that exists already is an answer, not a failure, on a token that may not even read it.
    expect(await createNamespaceIfAbsent(workers!.makeApiClient(CoreV1Api), tenant, {})).toBe(false);

    // Create, then adopt unchanged: the same object, not even a new resourceVersion.
    expect(created).toMatchObject({ ...ref, expiresAt: "2030-06-30T13:00:00.000Z" });
    const first = await readSkillPod(name);
    expect(first.metadata?.uid).toBe(created.uid);
    expect(first.metadata?.labels?.[labels.contract]).toBe(contractId);
    expect(await activities.ensureSkillPod(input)).toEqual(created);
    expect((await readSkillPod(name)).metadata?.resourceVersion).toBe(first.metadata?.resourceVersion);

    // The activity itself: its GET finds no status, so it watches; the Ready status written afterwards can
    // only reach it through that watch or, after a refused watch, a later GET (which the log would show).
    const environment = new MockActivityEnvironment();
    const beats: unknown[] = [];
    environment.on("heartbeat", (details: unknown) => beats.push(details));
    const ready = environment.run(() => activities.waitForSkillPodReady(ref));
    await waitFor("waitForSkillPodReady to have read the SkillPod", () => Promise.resolve(beats.length > 0));
    expect(beats[0]).toEqual({ phase: "Pending" });
    expect(
      await watchStatus(workers!, skillPodPath(tenant), { fieldSelector: `metadata.name=${name}` }),
    ).toBe(200);
    await markReady(first);
    await expect(ready).resolves.toMatchObject({ phase: "Running", endpoint: expect.any(String) as string });
    // The activity aborts its own watch once it has the answer, and logs that abort; any other end of a watch
    // (a 403 among them) would have sent it back to a GET.
    const watchEnds = logLines.filter((l) => l.msg.startsWith("Watch of SkillPod"));
    expect(watchEnds.filter((l) => (l.err as { type?: string } | undefined)?.type !== "AbortError")).toEqual(
      [],
    );

    // Stop (a merge patch of spec.state), then ensure again: adopt reads it and patches it back to Running.
    await activities.setSkillPodState({ ...ref, state: "Stopped" });
    expect((await readSkillPod(name)).spec.state).toBe("Stopped");
    expect(await activities.ensureSkillPod(input)).toEqual(created);
    expect((await readSkillPod(name)).spec.state).toBe("Running");

    await activities.recordWorkspace({ contractId, milestoneId, ...ref, state: "Running" });
    const row = await pool.query<{ state: string }>("SELECT state FROM workspaces WHERE milestone_id = $1", [
      milestoneId,
    ]);
    expect(row.rows).toEqual([{ state: "Running" }]);
    expect(forbidden()).toEqual([]);
  });

  it("meters usage on the token through the cluster-wide list", async () => {
    // Scoped to this test's namespace: the shared cluster holds other contract-bound SkillPods. The scope is
    // a field selector on the cluster-wide list, so the request is still /apis/skillpod.dev/v1alpha1/skillpods.
    const usage = createUsageActivities({ kubeConfig: workers!, pool, log, namespace: tenant });
    const summary = await usage.meterUsage();
    expect(summary).toMatchObject({ skillPods: 1, skipped: 0 });
    expect(forbidden()).toEqual([]);
  });

  it("refuses the token what the workers never do", async () => {
    const api = workers!.makeApiClient(CustomObjectsApi);
    const name = skillPodNameFor(contractId, milestoneId);
    const deleted = await api
      .deleteNamespacedCustomObject({ ...skillPods, namespace: tenant, name })
      .then(() => 200, statusOf);
    expect(deleted).toBe(403);
    const pods = await workers!
      .makeApiClient(CoreV1Api)
      .listNamespacedPod({ namespace: tenant })
      .then(() => 200, statusOf);
    expect(pods).toBe(403);
    // The check the ready watch's test relies on does see a refused watch.
    expect(await watchStatus(workers!, `/api/v1/namespaces/${tenant}/pods`, {})).toBe(403);
    expect((await readSkillPod(name)).metadata?.deletionTimestamp).toBeUndefined();
  });
});
