// Shared set-up for tests against the local stack: CRDs, a restricted tenant namespace, an in-process operator.
import {
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from "@kubernetes/client-node";
import type { SkillPod, SkillPodClass, SkillPodClassSpec, SkillPodSpec } from "@skillpod/api";
import { skillPodClassPlural, skillPodGroup, skillPodPlural, skillPodVersion } from "@skillpod/api";
import { stackEnv, waitFor } from "@skillpod/testkit";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { pino } from "pino";
import { loadOperatorConfig, startOperator, type RunningOperator } from "../src/index.js";

export const repo = join(import.meta.dirname, "..", "..");
export const kubeConfig = new KubeConfig();
kubeConfig.loadFromFile(stackEnv("KUBECONFIG"));
export const core = kubeConfig.makeApiClient(CoreV1Api);
export const custom = kubeConfig.makeApiClient(CustomObjectsApi);
const coordinates = { group: skillPodGroup, version: skillPodVersion, plural: skillPodPlural };
const mergePatch = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

export const suffix = (): string => randomBytes(3).toString("hex");

export function kubectl(...args: string[]): string {
  return execFileSync(
    join(stackEnv("SKILLPOD_BIN"), "kubectl"),
    ["--kubeconfig", stackEnv("KUBECONFIG"), ...args],
    {
      encoding: "utf8",
    },
  );
}

export function applyCrds(): void {
  // --force-conflicts: the chart tests leave the CRDs owned (field manager) by a Helm release.
  kubectl("apply", "--server-side", "--force-conflicts", "-f", join(repo, "crds"));
  kubectl(
    "wait",
    "--for=condition=Established",
    "crd/skillpods.skillpod.dev",
    "crd/skillpodclasses.skillpod.dev",
  );
}

export async function tenantNamespace(prefix: string): Promise<string> {
  const name = `${prefix}-${suffix()}`;
  await core.createNamespace({
    body: { metadata: { name, labels: { "pod-security.kubernetes.io/enforce": "restricted" } } },
  });
  return name;
}

export async function createClass(
  name: string,
  spec: Partial<SkillPodClassSpec> = {},
): Promise<SkillPodClass> {
  const body: SkillPodClass = {
    apiVersion: "skillpod.dev/v1alpha1",
    kind: "SkillPodClass",
    metadata: { name, labels: { "skillpod.dev/test": "true" } },
    spec: {
      image: "ghcr.io/skillpod/desktop:1.0",
      resources: { default: { cpu: "1", memory: "2Gi" }, max: { cpu: "4", memory: "8Gi" } },
      ...spec,
    },
  };
  return (await custom.createClusterCustomObject({
    group: skillPodGroup,
    version: skillPodVersion,
    plural: skillPodClassPlural,
    body,
  })) as SkillPodClass;
}

export async function createSkillPod(
  namespace: string,
  name: string,
  spec: Partial<SkillPodSpec> & Pick<SkillPodSpec, "className">,
): Promise<SkillPod> {
  const body = {
    apiVersion: "skillpod.dev/v1alpha1",
    kind: "SkillPod",
    metadata: { name },
    spec: { owner: { userId: "u-freelancer" }, ...spec },
  };
  return (await custom.createNamespacedCustomObject({ ...coordinates, namespace, body })) as SkillPod;
}

export async function getSkillPod(namespace: string, name: string): Promise<SkillPod | undefined> {
  try {
    return (await custom.getNamespacedCustomObject({ ...coordinates, namespace, name })) as SkillPod;
  } catch (error) {
    if ((error as { code?: number }).code === 404) return undefined;
    throw error;
  }
}

export async function patchSkillPod(namespace: string, name: string, body: object): Promise<SkillPod> {
  return (await custom.patchNamespacedCustomObject(
    { ...coordinates, namespace, name, body },
    mergePatch,
  )) as SkillPod;
}

export async function deleteSkillPod(namespace: string, name: string): Promise<void> {
  await custom.deleteNamespacedCustomObject({ ...coordinates, namespace, name });
}

export function waitForSkillPod(
  namespace: string,
  name: string,
  what: string,
  test: (s: SkillPod) => boolean,
  timeoutMs = 60_000,
): Promise<SkillPod> {
  return waitFor(
    `SkillPod ${namespace}/${name} ${what}`,
    async () => {
      const s = await getSkillPod(namespace, name);
      return s && test(s) ? s : false;
    },
    { timeoutMs },
  );
}

export const condition = (s: SkillPod, type: string): string | undefined =>
  s.status?.conditions?.find((c) => c.type === type)?.status;

/** The operator in this process, with leader election off and fast retries; `clock` lets a test move time. */
export async function startTestOperator(
  namespace: string,
  clock?: { offsetMs: number },
): Promise<RunningOperator> {
  const config = loadOperatorConfig({
    KUBECONFIG: stackEnv("KUBECONFIG"),
    OPERATOR_LEADER_ELECTION: "false",
    OPERATOR_WATCH_NAMESPACE: namespace,
    OPERATOR_METRICS_HOST: "127.0.0.1",
    OPERATOR_METRICS_PORT: "0",
    OPERATOR_RESYNC_SECONDS: "20",
    OPERATOR_BACKOFF_BASE_MS: "200",
    OPERATOR_BACKOFF_MAX_MS: "5000",
    OPERATOR_USAGE_REFRESH_SECONDS: "5",
  });
  const log = pino({ level: process.env.OPERATOR_TEST_LOG ?? "warn" });
  return startOperator(config, log, clock ? { now: () => Date.now() + clock.offsetMs } : {});
}

/** The sum of a counter's samples (all label sets) on an in-process operator's /metrics. */
export async function metricTotal(operator: RunningOperator, name: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${operator.port}/metrics`)).text();
  return text
    .split("\n")
    .filter((line) => line.startsWith(`${name}{`) || line.startsWith(`${name} `))
    .reduce((sum, line) => sum + Number(line.slice(line.lastIndexOf(" ") + 1)), 0);
}
