// The session gateway against the local stack: the gateway in-process (or its config for a child process),
// the API that issues tickets, and what the operator would have made for a SkillPod's desktop (its stream
// Service, an EndpointSlice pointing at a real Xvnc on a loopback address, the stream Secret it controls).
import {
  CoreV1Api,
  CustomObjectsApi,
  DiscoveryV1Api,
  PatchStrategy,
  setHeaderOptions,
} from "@kubernetes/client-node";
import {
  labels,
  managedBy,
  skillPodComponents,
  skillPodGroup,
  skillPodPlural,
  skillPodVersion,
  streamSecretKeys,
  type SkillPod,
} from "@skillpod/api";
import { loadKubeConfig } from "@skillpod/kube-client";
import { stackEnv } from "@skillpod/testkit";
import type { FastifyInstance } from "fastify";
import type { AddressInfo } from "node:net";
import { expect } from "vitest";
import { Gateway, loadGatewayConfig, type GatewayConfig } from "../src/gateway/index.js";
import type { SignedIn } from "./callers.js";
import type { TestDesktop } from "./gateway-xvnc.js";
import { readSkillPod, runningStatus, setStatus, type Ref } from "./workspaces-fixtures.js";

const kubeConfig = loadKubeConfig(stackEnv("KUBECONFIG"));
const core = kubeConfig.makeApiClient(CoreV1Api);
const discovery = kubeConfig.makeApiClient(DiscoveryV1Api);
const custom = kubeConfig.makeApiClient(CustomObjectsApi);
const coordinates = { group: skillPodGroup, version: skillPodVersion, plural: skillPodPlural };
const mergePatch = setHeaderOptions("Content-Type", PatchStrategy.MergePatch);

export function gatewayEnv(overrides: Record<string, string> = {}): Record<string, string> {
  return {
    GATEWAY_HOST: "127.0.0.1",
    GATEWAY_PORT: "0",
    APP_DATABASE_URL: stackEnv("TEST_APP_DATABASE_URL"),
    REDIS_URL: stackEnv("REDIS_URL"),
    KUBECONFIG: stackEnv("KUBECONFIG"),
    LOG_LEVEL: process.env.GATEWAY_TEST_LOG ?? "silent",
    GATEWAY_REVOCATION_CHECK_MS: "1000",
    ...overrides,
  };
}

export function gatewayTestConfig(overrides: Record<string, string> = {}): GatewayConfig {
  return loadGatewayConfig(gatewayEnv(overrides));
}

export type RunningGateway = { gateway: Gateway; url: string; base: string };

export async function startGateway(overrides: Record<string, string> = {}): Promise<RunningGateway> {
  const gateway = await Gateway.build(gatewayTestConfig(overrides));
  await gateway.start();
  const { port } = gateway.app.server.address() as AddressInfo;
  return { gateway, url: `ws://127.0.0.1:${port}/v1/desktop`, base: `http://127.0.0.1:${port}` };
}

/** What the operator makes for a Running SkillPod's desktop, pointing at `desktop`; the status says Running. */
export async function exposeDesktop(ref: Ref, desktop: TestDesktop): Promise<SkillPod> {
  const skillPod = await readSkillPod(ref);
  const uid = skillPod.metadata?.uid ?? "";
  const owner = {
    apiVersion: "skillpod.dev/v1alpha1",
    kind: "SkillPod",
    name: ref.name,
    uid,
    controller: true,
  };
  const service = `ws-${ref.name}`;
  const childLabels = { [labels.skillPod]: ref.name, [labels.managedBy]: managedBy };
  // No selector: the EndpointSlice controller leaves the hand-made slice alone.
  await core.createNamespacedService({
    namespace: ref.namespace,
    body: {
      metadata: { name: service, labels: { ...childLabels, [labels.component]: skillPodComponents.stream } },
      spec: { ports: [{ name: "stream", port: 6901, protocol: "TCP" }] },
    },
  });
  await discovery.createNamespacedEndpointSlice({
    namespace: ref.namespace,
    body: {
      metadata: {
        name: `${service}-desktop`,
        labels: {
          "kubernetes.io/service-name": service,
          "endpointslice.kubernetes.io/managed-by": "gateway-tests",
        },
      },
      addressType: "IPv4",
      endpoints: [{ addresses: [desktop.host], conditions: { ready: true } }],
      ports: [{ name: "stream", port: desktop.port, protocol: "TCP" }],
    },
  });
  await core.createNamespacedSecret({
    namespace: ref.namespace,
    body: {
      metadata: {
        name: `ws-${ref.name}-stream`,
        labels: { ...childLabels, [labels.component]: skillPodComponents.streamCredential },
        ownerReferences: [owner],
      },
      stringData: {
        [streamSecretKeys.interactive]: desktop.interactivePassword,
        [streamSecretKeys.view]: desktop.viewPassword,
      },
    },
  });
  await setStatus(ref, { ...runningStatus(), serviceName: service });
  return readSkillPod(ref);
}

export async function patchSkillPod(ref: Ref, body: object): Promise<void> {
  await custom.patchNamespacedCustomObject({ ...coordinates, ...ref, body }, mergePatch);
}

export async function deleteSkillPod(ref: Ref): Promise<void> {
  await custom.deleteNamespacedCustomObject({ ...coordinates, ...ref });
}

/** A ticket from the API, as the portal gets one (the caller's own mode unless `mode` asks for less). */
export async function ticketFor(
  app: FastifyInstance,
  user: SignedIn,
  ref: Ref,
  mode?: "interactive" | "watch",
): Promise<string> {
  const response = await app.inject({
    method: "POST",
    url: `/v1/workspaces/${ref.namespace}/${ref.name}/desktop-sessions`,
    headers: user.headers,
    payload: mode ? { mode } : {},
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json<{ ticket: string }>().ticket;
}

/** One sample of a Prometheus text exposition, or 0 when absent. */
export function sampleOf(text: string, name: string, labelMatch = ""): number {
  const line = text
    .split("\n")
    .find(
      (l) =>
        (l.startsWith(`${name}{`) || l.startsWith(`${name} `)) &&
        (labelMatch === "" || l.includes(labelMatch)),
    );
  return line ? Number(line.split(" ").at(-1)) : 0;
}

export async function metricsOf(base: string): Promise<string> {
  return (await fetch(`${base}/metrics`)).text();
}
