// A namespace of our own on the shared cluster, with SkillPodClasses and the real operator (a child process)
// watching only that namespace, without leader election. Tests that drive real workspaces start one and
// close it at the end; close() deletes the SkillPods while the operator still runs (they carry its
// finalizer), then stops the operator and deletes the namespace and the classes.
import {
  CoreV1Api,
  CustomObjectsApi,
  type V1PersistentVolumeClaim,
  type V1Pod,
} from "@kubernetes/client-node";
import type { SkillPod } from "@skillpod/api";
import { skillPodClassPlural, skillPodGroup, skillPodPlural, skillPodVersion } from "@skillpod/api";
import { loadKubeConfig, type PooledKubeConfig } from "@skillpod/kube-client";
import { stackEnv, waitFor } from "@skillpod/testkit";
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const repo = join(import.meta.dirname, "..", "..");
const skillPods = { group: skillPodGroup, version: skillPodVersion, plural: skillPodPlural };
const classes = { group: skillPodGroup, version: skillPodVersion, plural: skillPodClassPlural };

export type ClassResources = { cpu: string; memory: string };

export type OperatorNamespace = {
  namespace: string;
  kubeConfig: PooledKubeConfig;
  core: CoreV1Api;
  custom: CustomObjectsApi;
  /** Where the operator's output goes, for a failing test's message. */
  operatorLog: string;
  readSkillPod(name: string): Promise<SkillPod>;
  /** The SkillPod's Pod (ws-<name>), or undefined when there is none. */
  readPod(skillPodName: string): Promise<V1Pod | undefined>;
  /** The SkillPod's home volume claim (home-<name>), or undefined when there is none. */
  readHome(skillPodName: string): Promise<V1PersistentVolumeClaim | undefined>;
  close(): Promise<void>;
};

/**
 * The real operator as a child process, scoped to `watchNamespace`, without leader election; resolves once its
 * controller has started. `env` adds or overrides operator settings.
 */
export function startScopedOperator(
  watchNamespace: string,
  logFile: string,
  env: Record<string, string> = {},
): Promise<ChildProcess> {
  const out = createWriteStream(logFile);
  // `node --import tsx`, not the tsx CLI, so the signal we send reaches the operator itself.
  const child = spawn(process.execPath, ["--import", "tsx", "operator/src/main.ts"], {
    cwd: repo,
    env: {
      PATH: process.env.PATH ?? "",
      HOME: process.env.HOME ?? "",
      KUBECONFIG: stackEnv("KUBECONFIG"),
      OPERATOR_WATCH_NAMESPACE: watchNamespace,
      OPERATOR_LEADER_ELECTION: "false",
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
  // A last resort if the test process goes down before close(): no operator may outlive the run.
  process.once("exit", () => child.kill("SIGKILL"));
  let output = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    out.write(chunk);
  });
  child.stderr?.on("data", (chunk: Buffer) => out.write(chunk));
  child.once("exit", () => out.end());
  return waitFor(
    `the operator to start (log: ${logFile})`,
    () => {
      if (child.exitCode !== null) return Promise.reject(new Error(`operator exited ${child.exitCode}`));
      return Promise.resolve(output.includes("Started SkillPod controller") && child);
    },
    { timeoutMs: 60_000, intervalMs: 100 },
  ).catch((error: unknown) => {
    child.kill("SIGKILL");
    throw error;
  });
}

/** SIGTERM, then SIGKILL after 15 s; resolves when the operator has exited. */
export async function stopOperator(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once("exit", resolve));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 15_000);
  await exited;
  clearTimeout(timer);
}

async function createClass(custom: CustomObjectsApi, name: string, resources: ClassResources): Promise<void> {
  await custom.createClusterCustomObject({
    ...classes,
    body: {
      apiVersion: "skillpod.dev/v1alpha1",
      kind: "SkillPodClass",
      metadata: { name, labels: { "skillpod.dev/test": "true" } },
      spec: {
        image: "ghcr.io/skillpod/desktop:1.0",
        resources: { default: resources, max: resources },
        home: { defaultSize: "1Gi" },
      },
    },
  });
}

async function deleteSkillPods(custom: CustomObjectsApi, namespace: string): Promise<void> {
  await custom.deleteCollectionNamespacedCustomObject({ ...skillPods, namespace }).catch(() => undefined);
  await waitFor(
    `SkillPods in ${namespace} to be gone`,
    async () => {
      const list = (await custom.listNamespacedCustomObject({ ...skillPods, namespace })) as { items: [] };
      return list.items.length === 0;
    },
    { timeoutMs: 60_000 },
  ).catch(() => undefined);
}

/** Not found is an answer ("there is none"); any other failure must not pass for one. */
function absent(error: unknown): undefined {
  if ((error as { code?: unknown }).code === 404) return undefined;
  throw error;
}

/**
 * Creates `namespace` (restricted Pod Security, as tenants get), the given cluster-scoped classes and the
 * operator watching only that namespace. Whatever was created is removed again if a later step fails.
 */
export async function startOperatorNamespace(
  namespace: string,
  classResources: Record<string, ClassResources>,
): Promise<OperatorNamespace> {
  const kubeConfig = loadKubeConfig(stackEnv("KUBECONFIG"));
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const custom = kubeConfig.makeApiClient(CustomObjectsApi);
  const operatorLog = join(mkdtempSync(join(tmpdir(), `${namespace}-operator-`)), "operator.log");
  const created: string[] = [];
  let operator: ChildProcess | undefined;
  let namespaceCreated = false;

  const close = async (): Promise<void> => {
    if (namespaceCreated) await deleteSkillPods(custom, namespace);
    if (operator) await stopOperator(operator);
    if (namespaceCreated) await core.deleteNamespace({ name: namespace }).catch(() => undefined);
    for (const name of created)
      await custom.deleteClusterCustomObject({ ...classes, name }).catch(() => undefined);
    kubeConfig.destroyAgents();
  };

  try {
    await core.createNamespace({
      body: { metadata: { name: namespace, labels: { "pod-security.kubernetes.io/enforce": "restricted" } } },
    });
    namespaceCreated = true;
    for (const [name, resources] of Object.entries(classResources)) {
      await createClass(custom, name, resources);
      created.push(name);
    }
    operator = await startScopedOperator(namespace, operatorLog);
  } catch (error) {
    await close();
    throw error;
  }

  return {
    namespace,
    kubeConfig,
    core,
    custom,
    operatorLog,
    readSkillPod: async (name) =>
      (await custom.getNamespacedCustomObject({ ...skillPods, namespace, name })) as SkillPod,
    readPod: (name) => core.readNamespacedPod({ name: `ws-${name}`, namespace }).catch(absent),
    readHome: (name) =>
      core.readNamespacedPersistentVolumeClaim({ name: `home-${name}`, namespace }).catch(absent),
    close,
  };
}
