// The operator as real processes against the real control plane: the RBAC in operator/config/rbac is enough
// (the operator runs on a ServiceAccount token and must never meet a 403), two replicas elect one leader and
// hand over on SIGKILL and on SIGTERM, and SIGKILLs in the middle of a burst of creates leave neither
// duplicates nor orphans.
import {
  AuthorizationV1Api,
  CoordinationV1Api,
  KubeConfig,
  KubernetesObjectApi,
  NetworkingV1Api,
  loadAllYaml,
  type KubernetesObject,
  type V1Lease,
  type V1PersistentVolume,
  type V1PersistentVolumeClaim,
  type V1ResourceAttributes,
} from "@kubernetes/client-node";
import type { SkillPod } from "@skillpod/api";
import {
  finalizerName,
  labels,
  managedBy,
  skillPodGroup,
  skillPodPlural,
  skillPodVersion,
} from "@skillpod/api";
import { stackEnv, waitFor } from "@skillpod/testkit";
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync, createWriteStream, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  applyCrds,
  core,
  createClass,
  createSkillPod,
  custom,
  deleteSkillPod,
  getSkillPod,
  kubeConfig,
  kubectl,
  patchSkillPod,
  repo,
  suffix,
  tenantNamespace,
  waitForSkillPod,
} from "./harness.js";

const objects = KubernetesObjectApi.makeApiClient(kubeConfig);
const leases = kubeConfig.makeApiClient(CoordinationV1Api);
const networking = kubeConfig.makeApiClient(NetworkingV1Api);
const skillPods = { group: skillPodGroup, version: skillPodVersion, plural: skillPodPlural };

const STARTED = "Started SkillPod controller";
const LEASE_MS = 4_000;
// Small enough that 50 workspaces fit the three kwok nodes next to everyone else's.
const smallClass = {
  resources: { default: { cpu: "100m", memory: "128Mi" }, max: { cpu: "1", memory: "1Gi" } },
  home: { defaultSize: "1Gi" },
};
const isRunning = (s: SkillPod): boolean => s.status?.phase === "Running";

// ---------------------------------------------------------------------------------------------------------
// Operator child processes

type LogLine = { time?: number; level?: number; msg?: string } & Record<string, unknown>;
type Exit = { code: number | null; signal: NodeJS.Signals | null };
type OperatorProcess = {
  name: string;
  child: ChildProcess;
  lines: LogLine[];
  exit: Promise<Exit>;
  exited: boolean;
  logFile: string;
};

const logDir = mkdtempSync(join(tmpdir(), "operator-processes-"));
const processes = new Set<OperatorProcess>();

// A last resort if the worker goes down before afterAll: no operator may outlive the test run.
process.once("exit", () => {
  for (const p of processes) if (!p.exited) p.child.kill("SIGKILL");
});

function parseLine(line: string): LogLine {
  try {
    return JSON.parse(line) as LogLine;
  } catch {
    return { msg: line };
  }
}

/**
 * `node --import tsx`, not the tsx CLI: the CLI runs the program in a child process of its own, so a SIGKILL
 * would hit only the CLI and leave the operator running.
 */
function startOperator(name: string, env: Record<string, string>): OperatorProcess {
  const logFile = join(logDir, `${name}.log`);
  const out = createWriteStream(logFile);
  const child = spawn(process.execPath, ["--import", "tsx", "operator/src/main.ts"], {
    cwd: repo,
    // Only PATH and HOME come from this process: the operator must use the kubeconfig the test hands it.
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      OPERATOR_METRICS_HOST: "127.0.0.1",
      OPERATOR_METRICS_PORT: "0",
      OPERATOR_RESYNC_SECONDS: "20",
      OPERATOR_BACKOFF_BASE_MS: "200",
      OPERATOR_BACKOFF_MAX_MS: "5000",
      LOG_LEVEL: "info",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: LogLine[] = [];
  const exit = new Promise<Exit>((resolve) =>
    child.once("exit", (code, signal) => {
      running.exited = true;
      resolve({ code, signal });
    }),
  );
  const running: OperatorProcess = { name, child, lines, exit, exited: false, logFile };
  createInterface({ input: child.stdout }).on("line", (line) => {
    out.write(`${line}\n`);
    lines.push(parseLine(line));
  });
  child.stderr.on("data", (chunk: Buffer) => out.write(chunk));
  processes.add(running);
  return running;
}

const logged = (p: OperatorProcess, message: string): LogLine[] =>
  p.lines.filter((l) => l.msg?.startsWith(message));

function waitForLog(p: OperatorProcess, message: string, timeoutMs = 60_000): Promise<LogLine> {
  return waitFor(
    `${p.name} to log "${message}" (see ${p.logFile})`,
    () => {
      const line = logged(p, message)[0];
      if (line) return Promise.resolve(line);
      return p.exited ? Promise.reject(new Error(`${p.name} has exited`)) : Promise.resolve(undefined);
    },
    { timeoutMs, intervalMs: 50 },
  );
}

/** Log lines that carry an authorization failure anywhere in them. */
const forbidden = (p: OperatorProcess): LogLine[] =>
  p.lines.filter((l) => /HTTP 403|forbidden/i.test(JSON.stringify(l)));

async function kill(p: OperatorProcess, signal: NodeJS.Signals): Promise<Exit> {
  if (!p.exited) p.child.kill(signal);
  return p.exit;
}

/** Each describe ends its own processes; the file-level hook is for a describe whose afterAll failed. */
async function killAll(): Promise<void> {
  await Promise.all([...processes].map((p) => kill(p, "SIGKILL")));
}

afterAll(killAll);

// ---------------------------------------------------------------------------------------------------------
// Cluster helpers

async function listSkillPods(namespace: string): Promise<SkillPod[]> {
  const list = (await custom.listNamespacedCustomObject({ ...skillPods, namespace })) as {
    items: SkillPod[];
  };
  return list.items;
}

/** Deletes every SkillPod and waits for the finalizers to go, which needs an operator still running. */
async function deleteAllSkillPods(namespace: string, timeoutMs = 90_000): Promise<void> {
  await custom.deleteCollectionNamespacedCustomObject({ ...skillPods, namespace });
  await waitFor(
    `every SkillPod in ${namespace} to be finalized`,
    async () => {
      const left = await listSkillPods(namespace);
      if (left.length > 0) throw new Error(`${left.length} left`);
      return true;
    },
    { timeoutMs, intervalMs: 500 },
  );
}

async function cleanUp(namespaces: string[], className: string): Promise<void> {
  await Promise.all(namespaces.map((name) => core.deleteNamespace({ name }).catch(() => undefined)));
  await custom
    .deleteClusterCustomObject({
      group: skillPodGroup,
      version: skillPodVersion,
      plural: "skillpodclasses",
      name: className,
    })
    .catch(() => undefined);
}

async function readLease(namespace: string, name: string): Promise<V1Lease | undefined> {
  return leases.readNamespacedLease({ namespace, name }).catch(() => undefined);
}

async function holderOf(namespace: string, name: string): Promise<string | undefined> {
  return (await readLease(namespace, name))?.spec?.holderIdentity || undefined;
}

async function readyz(p: OperatorProcess): Promise<number> {
  const port = (await waitForLog(p, "Started health server")).port as number;
  return (await fetch(`http://127.0.0.1:${port}/readyz`)).status;
}

// ---------------------------------------------------------------------------------------------------------
// RBAC: the manifests as shipped, renamed so that parallel runs and a real installation do not collide

/** `kubectl kustomize` output with skillpod-system replaced and the cluster-scoped names made unique. */
function renderRbac(namespace: string, clusterName: string): KubernetesObject[] {
  const rendered = kubectl("kustomize", join(repo, "operator", "config", "rbac"));
  return (loadAllYaml(rendered) as KubernetesObject[]).map((object) => {
    const copy = JSON.parse(
      JSON.stringify(object).replaceAll('"skillpod-system"', JSON.stringify(namespace)),
    ) as KubernetesObject & { roleRef?: { name: string } };
    if (copy.kind === "ClusterRole" || copy.kind === "ClusterRoleBinding") copy.metadata!.name = clusterName;
    if (copy.kind === "ClusterRoleBinding") copy.roleRef!.name = clusterName;
    return copy;
  });
}

/** A kubeconfig that authenticates with a TokenRequest token of the ServiceAccount, and nothing else. */
async function serviceAccountKubeconfig(namespace: string, account: string): Promise<string> {
  const request = await core.createNamespacedServiceAccountToken({
    name: account,
    namespace,
    body: { spec: { audiences: [], expirationSeconds: 3600 } },
  });
  const cluster = kubeConfig.getCurrentCluster();
  if (!cluster) throw new Error("the stack kubeconfig has no current cluster");
  const ca = cluster.caData ?? readFileSync(cluster.caFile ?? "").toString("base64");
  const file = join(logDir, `${account}-${namespace}.kubeconfig`);
  // JSON is YAML, which is what KubeConfig.loadFromFile parses.
  const config = {
    apiVersion: "v1",
    kind: "Config",
    clusters: [{ name: "stack", cluster: { server: cluster.server, "certificate-authority-data": ca } }],
    users: [{ name: account, user: { token: request.status?.token } }],
    contexts: [{ name: account, context: { cluster: "stack", user: account } }],
    "current-context": account,
  };
  writeFileSync(file, JSON.stringify(config), { mode: 0o600 });
  return file;
}

/** SelfSubjectAccessReview as the ServiceAccount: what the apiserver would let the operator do. */
function loadServiceAccountApi(file: string): (a: V1ResourceAttributes) => Promise<boolean> {
  const kc = new KubeConfig();
  kc.loadFromFile(file);
  const api = kc.makeApiClient(AuthorizationV1Api);
  return async (resourceAttributes) => {
    const review = await api.createSelfSubjectAccessReview({ body: { spec: { resourceAttributes } } });
    return review.status?.allowed ?? false;
  };
}

describe("the operator's RBAC (operator/config/rbac)", () => {
  const id = suffix();
  const systemNamespace = `skillpod-system-${id}`;
  const clusterName = `skillpod-operator-${id}`;
  const className = `rbac-${id}`;
  let tenant = "";
  let kubeconfigFile = "";
  let rendered: KubernetesObject[] = [];
  let operator: OperatorProcess | undefined;

  beforeAll(async () => {
    applyCrds();
    await core.createNamespace({ body: { metadata: { name: systemNamespace } } });
    tenant = await tenantNamespace("rbac");
    await createClass(className, smallClass);
    rendered = renderRbac(systemNamespace, clusterName);
    for (const object of rendered) await objects.create(object);
    kubeconfigFile = await serviceAccountKubeconfig(systemNamespace, "skillpod-operator");
  });

  afterAll(async () => {
    if (operator && !operator.exited) await deleteAllSkillPods(tenant).catch(() => undefined);
    await killAll();
    for (const object of rendered.filter((o) => o.kind?.startsWith("Cluster")))
      await objects.delete(object).catch(() => undefined);
    await cleanUp([tenant, systemNamespace], className);
  });

  it("grants what the operator does and denies the rest", async () => {
    const authorization = loadServiceAccountApi(kubeconfigFile);
    const cases: [boolean, V1ResourceAttributes][] = [
      [true, { group: "skillpod.dev", resource: "skillpods", verb: "watch", namespace: tenant }],
      [true, { group: "skillpod.dev", resource: "skillpods", verb: "delete", namespace: tenant }],
      [true, { group: "skillpod.dev", resource: "skillpods", subresource: "status", verb: "patch" }],
      [true, { group: "skillpod.dev", resource: "skillpods", subresource: "finalizers", verb: "update" }],
      [true, { group: "skillpod.dev", resource: "skillpodclasses", verb: "list" }],
      [true, { resource: "pods", verb: "create", namespace: tenant }],
      [true, { resource: "secrets", verb: "watch", namespace: tenant }],
      [true, { group: "networking.k8s.io", resource: "networkpolicies", verb: "patch", namespace: tenant }],
      [true, { resource: "events", verb: "patch", namespace: tenant }],
      [
        true,
        { group: "coordination.k8s.io", resource: "leases", verb: "update", namespace: systemNamespace },
      ],
      [false, { group: "skillpod.dev", resource: "skillpods", verb: "create", namespace: tenant }],
      [false, { group: "skillpod.dev", resource: "skillpodclasses", verb: "patch" }],
      [false, { group: "coordination.k8s.io", resource: "leases", verb: "create", namespace: tenant }],
      [false, { resource: "configmaps", verb: "get", namespace: tenant }],
      [false, { resource: "pods", subresource: "exec", verb: "create", namespace: tenant }],
      [false, { resource: "events", verb: "delete", namespace: tenant }],
      [false, { resource: "nodes", verb: "list" }],
      [false, { resource: "namespaces", verb: "list" }],
      [false, { resource: "persistentvolumes", verb: "list" }],
      [false, { group: "rbac.authorization.k8s.io", resource: "clusterroles", verb: "bind" }],
      [false, { group: "apiextensions.k8s.io", resource: "customresourcedefinitions", verb: "update" }],
    ];
    const describeCase = ([, a]: [boolean, V1ResourceAttributes]): string =>
      `${a.verb} ${[a.group, a.resource, a.subresource].filter(Boolean).join("/")} in ${a.namespace ?? "*"}`;
    // The RBAC authorizer learns of new bindings through a watch: wait for the first grant to arrive.
    await waitFor("the binding to take effect", () => authorization(cases[0]![1]));
    const answers = await Promise.all(cases.map(([, attributes]) => authorization(attributes)));
    expect(Object.fromEntries(cases.map((c, i) => [describeCase(c), answers[i]]))).toEqual(
      Object.fromEntries(cases.map((c) => [describeCase(c), c[0]])),
    );
  });

  it("runs the operator on the ServiceAccount's token through create, expiry, stop and delete without a 403", async () => {
    operator = startOperator(`rbac-${id}`, {
      KUBECONFIG: kubeconfigFile,
      OPERATOR_WATCH_NAMESPACE: tenant,
      OPERATOR_LEADER_ELECTION: "true",
      OPERATOR_LEASE_NAMESPACE: systemNamespace,
      OPERATOR_LEASE_NAME: `skillpod-operator-${id}`,
      OPERATOR_IDENTITY: `rbac-${id}`,
    });
    await waitForLog(operator, STARTED);
    expect(await holderOf(systemNamespace, `skillpod-operator-${id}`)).toBe(`rbac-${id}`);

    await createSkillPod(tenant, "desk", { className });
    // Expired on arrival with expiryAction Delete: the operator itself deletes the SkillPod.
    const past = new Date(Date.now() - 60_000).toISOString();
    await createSkillPod(tenant, "lapsed", { className, expiresAt: past, expiryAction: "Delete" });
    const desk = await waitForSkillPod(tenant, "desk", "to be Running", isRunning, 90_000);
    expect(desk.status?.observedGeneration).toBe(desk.metadata?.generation);
    expect(await readyz(operator)).toBe(200);
    await waitFor("the lapsed SkillPod to be deleted", async () => !(await getSkillPod(tenant, "lapsed")));

    await patchSkillPod(tenant, "desk", { spec: { state: "Stopped" } });
    await waitForSkillPod(tenant, "desk", "to be Stopped", (s) => s.status?.phase === "Stopped", 60_000);
    await deleteSkillPod(tenant, "desk");
    await waitFor("desk to be finalized", async () => !(await getSkillPod(tenant, "desk")));
    // Kept with its ownerReference dropped: the finalizer could patch it.
    const home = await core.readNamespacedPersistentVolumeClaim({ name: "home-desk", namespace: tenant });
    expect(home.metadata?.ownerReferences ?? []).toEqual([]);

    expect(forbidden(operator)).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Leader election between processes

describe("leader election between two operator processes", () => {
  const id = suffix();
  const leaseNamespace = `lease-${id}`;
  const leaseName = `skillpod-operator-${id}`;
  const className = `leader-${id}`;
  let tenant = "";
  let leader: OperatorProcess;
  let follower: OperatorProcess;

  const candidate = (identity: string): OperatorProcess =>
    startOperator(identity, {
      KUBECONFIG: stackEnv("KUBECONFIG"),
      OPERATOR_WATCH_NAMESPACE: tenant,
      OPERATOR_LEADER_ELECTION: "true",
      OPERATOR_LEASE_NAMESPACE: leaseNamespace,
      OPERATOR_LEASE_NAME: leaseName,
      OPERATOR_IDENTITY: identity,
      OPERATOR_LEASE_DURATION_SECONDS: String(LEASE_MS / 1000),
      OPERATOR_RENEW_DEADLINE_SECONDS: "3",
      OPERATOR_RETRY_PERIOD_SECONDS: "0.5",
    });
  const holder = (): Promise<string | undefined> => holderOf(leaseNamespace, leaseName);
  const holderIs = (p: OperatorProcess) => async (): Promise<boolean> => (await holder()) === p.name;

  beforeAll(async () => {
    applyCrds();
    await core.createNamespace({ body: { metadata: { name: leaseNamespace } } });
    tenant = await tenantNamespace("leader");
    await createClass(className, smallClass);
  });

  afterAll(async () => {
    const alive = [...processes].find((p) => p.name.endsWith(id) && !p.exited);
    if (alive) await deleteAllSkillPods(tenant).catch(() => undefined);
    await killAll();
    await cleanUp([tenant, leaseNamespace], className);
  });

  it("lets exactly one of two processes hold the Lease and run the controller", async () => {
    const both = [candidate(`a-${id}`), candidate(`b-${id}`)];
    const holding = await waitFor("a holder of the Lease", holder, { timeoutMs: 60_000, intervalMs: 100 });
    expect(both.map((p) => p.name)).toContain(holding);
    [leader, follower] = both[0]!.name === holding ? [both[0]!, both[1]!] : [both[1]!, both[0]!];
    await waitForLog(leader, STARTED);
    await waitForLog(follower, "Started health server");
    // Four retry periods: a follower that ignored a live lease would have taken it by now.
    await sleep(2_000);
    expect(await holder()).toBe(leader.name);
    expect(logged(leader, STARTED)).toHaveLength(1);
    expect(logged(follower, STARTED)).toHaveLength(0);
    expect(logged(follower, "Acquired")).toHaveLength(0);

    await createSkillPod(tenant, "first", { className });
    await waitForSkillPod(tenant, "first", "to be Running", isRunning, 60_000);
  });

  it("hands over to the follower once a SIGKILLed leader's lease has expired", async () => {
    const killedAt = Date.now();
    expect((await kill(leader, "SIGKILL")).signal).toBe("SIGKILL");
    await waitFor(`${follower.name} to hold the Lease`, holderIs(follower), {
      timeoutMs: 30_000,
      intervalMs: 50,
    });
    const takeoverMs = Date.now() - killedAt;
    console.info(`leader election: takeover ${takeoverMs} ms after SIGKILL (lease ${LEASE_MS} ms)`);
    // The follower counts the lease from when it last saw a renew (at most a poll or two before the kill),
    // then polls every 0.5-0.6 s. Taking it much sooner would mean it ignored a live lease.
    expect(takeoverMs).toBeGreaterThanOrEqual(2_000);
    expect(takeoverMs).toBeLessThan(LEASE_MS + 3_500);
    await waitForLog(follower, STARTED);
    expect((await readLease(leaseNamespace, leaseName))?.spec?.leaseTransitions).toBe(1);

    await createSkillPod(tenant, "after-kill", { className });
    await waitForSkillPod(tenant, "after-kill", "to be Running", isRunning, 60_000);
    leader = follower;
  });

  it("hands over within a poll when the leader gets SIGTERM and releases the Lease", async () => {
    follower = candidate(`c-${id}`);
    await waitForLog(follower, "Started health server");
    await sleep(1_000);
    expect(await holder()).toBe(leader.name);

    const terminatedAt = Date.now();
    leader.child.kill("SIGTERM");
    await waitFor(`${follower.name} to hold the Lease`, holderIs(follower), {
      timeoutMs: 30_000,
      intervalMs: 50,
    });
    const handoverMs = Date.now() - terminatedAt;
    expect(await leader.exit).toEqual({ code: 0, signal: null });
    const released = await waitForLog(leader, "Released Lease", 1_000);
    const lease = await readLease(leaseNamespace, leaseName);
    // Without the release the follower could not have taken the lease before ~3.4 s after the last renew,
    // and the leader renewed until it released.
    const acquiredAfterReleaseMs = Date.parse(String(lease?.spec?.acquireTime)) - (released.time ?? 0);
    console.info(
      `leader election: handover ${handoverMs} ms after SIGTERM, ${acquiredAfterReleaseMs} ms after release`,
    );
    expect(acquiredAfterReleaseMs).toBeLessThan(2_000);
    expect(handoverMs).toBeLessThan(LEASE_MS);
    expect(logged(leader, "Stopped SkillPod operator")).toHaveLength(1);
    await waitForLog(follower, STARTED);

    await createSkillPod(tenant, "after-term", { className });
    await waitForSkillPod(tenant, "after-term", "to be Running", isRunning, 60_000);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Chaos: SIGKILL during a burst of creates

type Child = { kind: string; name: string; labels: Record<string, string>; controller: string | undefined };
const childKinds = ["NetworkPolicy", "PersistentVolumeClaim", "Pod", "Secret", "Service", "ServiceAccount"];

async function listChildren(namespace: string): Promise<Child[]> {
  const lists = await Promise.all([
    core.listNamespacedPod({ namespace }).then((l) => ["Pod", l.items] as const),
    core.listNamespacedService({ namespace }).then((l) => ["Service", l.items] as const),
    core
      .listNamespacedPersistentVolumeClaim({ namespace })
      .then((l) => ["PersistentVolumeClaim", l.items] as const),
    core.listNamespacedSecret({ namespace }).then((l) => ["Secret", l.items] as const),
    core.listNamespacedServiceAccount({ namespace }).then((l) => ["ServiceAccount", l.items] as const),
    networking.listNamespacedNetworkPolicy({ namespace }).then((l) => ["NetworkPolicy", l.items] as const),
  ]);
  return lists.flatMap(([kind, items]) =>
    (items as KubernetesObject[]).map((o) => ({
      kind,
      name: o.metadata?.name ?? "",
      labels: o.metadata?.labels ?? {},
      controller: o.metadata?.ownerReferences?.find((r) => r.controller)?.uid,
    })),
  );
}

/** Per SkillPod: exactly one child of each kind under its controller reference. Plus managed children whose
 * controller is not a live SkillPod. */
function ownershipProblems(all: SkillPod[], children: Child[]): string[] {
  const live = new Set(all.map((s) => s.metadata?.uid));
  const problems: string[] = [];
  for (const s of all) {
    const kinds = children.filter((c) => c.controller === s.metadata?.uid).map((c) => c.kind);
    if (JSON.stringify(kinds.sort()) !== JSON.stringify(childKinds))
      problems.push(`${s.metadata?.name} controls [${kinds.join(", ")}]`);
  }
  for (const c of children.filter((c) => c.labels[labels.managedBy] === managedBy)) {
    if (!c.controller || !live.has(c.controller)) problems.push(`orphan ${c.kind} ${c.name}`);
  }
  return problems;
}

/** Each claim bound to exactly one volume, and that volume's claimRef pointing back at it. */
function volumeProblems(claims: V1PersistentVolumeClaim[], volumes: V1PersistentVolume[]): string[] {
  const problems: string[] = [];
  for (const claim of claims) {
    const bound = volumes.filter((v) => v.spec?.claimRef?.uid === claim.metadata?.uid);
    const ok =
      bound.length === 1 &&
      claim.status?.phase === "Bound" &&
      claim.spec?.volumeName === bound[0]?.metadata?.name;
    if (!ok) problems.push(`${claim.metadata?.name}: ${claim.status?.phase}, ${bound.length} volume(s)`);
  }
  return problems;
}

function statusProblems(all: SkillPod[]): string[] {
  return all.flatMap((s) => {
    const name = s.metadata?.name ?? "";
    const found: string[] = [];
    if (!s.metadata?.finalizers?.includes(finalizerName)) found.push(`${name} has no finalizer`);
    if (s.status?.observedGeneration !== s.metadata?.generation)
      found.push(`${name} observed ${s.status?.observedGeneration} of ${s.metadata?.generation}`);
    if (!isRunning(s)) found.push(`${name} is ${s.status?.phase}`);
    return found;
  });
}

describe("chaos: SIGKILLs during a burst of 50 creates", () => {
  const id = suffix();
  const count = 50;
  const className = `chaos-${id}`;
  let tenant = "";
  let survivor: OperatorProcess | undefined;

  const operatorNumber = (n: number): OperatorProcess =>
    startOperator(`chaos-${n}-${id}`, {
      KUBECONFIG: stackEnv("KUBECONFIG"),
      OPERATOR_WATCH_NAMESPACE: tenant,
      OPERATOR_LEADER_ELECTION: "false",
    });

  /** 3-4 times: let the operator start, wait 0.3-3 s, SIGKILL it, start another. */
  async function killRepeatedly(
    first: OperatorProcess,
  ): Promise<{ last: OperatorProcess; runningAtKill: number[] }> {
    const kills = 3 + Math.floor(Math.random() * 2);
    const runningAtKill: number[] = [];
    let current = first;
    for (let n = 1; n <= kills; n++) {
      await waitForLog(current, STARTED);
      await sleep(300 + Math.random() * 2_700);
      runningAtKill.push((await listSkillPods(tenant)).filter(isRunning).length);
      expect((await kill(current, "SIGKILL")).signal).toBe("SIGKILL");
      current = operatorNumber(n);
    }
    return { last: current, runningAtKill };
  }

  beforeAll(async () => {
    applyCrds();
    tenant = await tenantNamespace("chaos");
    await createClass(className, smallClass);
  });

  afterAll(async () => {
    if (survivor && !survivor.exited) await deleteAllSkillPods(tenant, 120_000).catch(() => undefined);
    await killAll();
    await cleanUp([tenant], className);
  });

  it("ends with every SkillPod Running, owning exactly one of each child, and no orphans or extra volumes", async () => {
    const first = operatorNumber(0);
    await waitForLog(first, STARTED);
    const names = Array.from({ length: count }, (_, i) => `burst-${i}`);
    const [, chaos] = await Promise.all([
      Promise.all(names.map((name) => createSkillPod(tenant, name, { className }))),
      killRepeatedly(first),
    ]);
    survivor = chaos.last;
    // Otherwise the kills all came after the work and proved nothing.
    expect(chaos.runningAtKill[0]).toBeLessThan(count);

    const restartedAt = Date.now();
    await waitFor(
      `all ${count} SkillPods to be Running (see ${survivor.logFile})`,
      async () => {
        const n = (await listSkillPods(tenant)).filter(isRunning).length;
        if (n < count) throw new Error(`${n}/${count} Running`);
        return true;
      },
      { timeoutMs: 150_000, intervalMs: 1_000 },
    );

    console.info(
      `chaos: ${chaos.runningAtKill.length} SIGKILLs with [${chaos.runningAtKill.join(", ")}] of ${count} ` +
        `Running at each; all Running ${Date.now() - restartedAt} ms after the last restart`,
    );
    const all = await listSkillPods(tenant);
    expect(all.map((s) => s.metadata?.name).sort()).toEqual([...names].sort());
    expect(statusProblems(all)).toEqual([]);
    expect(ownershipProblems(all, await listChildren(tenant))).toEqual([]);
    const claims = (await core.listNamespacedPersistentVolumeClaim({ namespace: tenant })).items;
    const volumes = (await core.listPersistentVolume()).items.filter(
      (v) => v.spec?.claimRef?.namespace === tenant,
    );
    expect(claims).toHaveLength(count);
    expect(volumes).toHaveLength(count);
    expect(volumeProblems(claims, volumes)).toEqual([]);
  }, 240_000);
});
