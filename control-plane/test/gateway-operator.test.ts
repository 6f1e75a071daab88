// The whole path with nothing made by hand: the real operator (its own process) turns a SkillPod into a Pod,
// a stream Service and Secret; kwok runs the Pod and gives it a Pod address; the stack's desktop runner starts
// that Pod's desktop (images/desktop/start-desktop.sh, Xvnc with the Secret's two passwords) on it; the
// EndpointSlice controller publishes the address; the gateway finds it all through the Kubernetes API.
import { CustomObjectsApi, DiscoveryV1Api } from "@kubernetes/client-node";
import {
  skillPodApiVersion,
  skillPodClassPlural,
  skillPodGroup,
  skillPodKind,
  skillPodPlural,
  skillPodVersion,
  type SkillPod,
} from "@skillpod/api";
import { loadKubeConfig } from "@skillpod/kube-client";
import {
  acceptsConnections,
  type NodeProcess,
  stackEnv,
  startOperatorProcess,
  waitFor,
} from "@skillpod/testkit";
import { Redis } from "ioredis";
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueDesktopTicket } from "../src/index.js";
import { metricsOf, sampleOf, startGateway, type RunningGateway } from "./gateway-harness.js";
import { RfbClient, everyInputMessage, rfbMessages } from "./gateway-rfb-client.js";
import { dropNamespaces, ensureCrds, tenantNamespace } from "./workspaces-fixtures.js";

const kubeConfig = loadKubeConfig(stackEnv("KUBECONFIG"));
const custom = kubeConfig.makeApiClient(CustomObjectsApi);
const discovery = kubeConfig.makeApiClient(DiscoveryV1Api);
const className = `gateway-test-${randomBytes(3).toString("hex")}`;
const ownerId = randomUUID();
let namespace: string;
let operator: NodeProcess;
let running: RunningGateway;
let redis: Redis;

beforeAll(async () => {
  await ensureCrds();
  namespace = await tenantNamespace();
  await custom.createClusterCustomObject({
    group: skillPodGroup,
    version: skillPodVersion,
    plural: skillPodClassPlural,
    body: {
      apiVersion: skillPodApiVersion,
      kind: "SkillPodClass",
      metadata: { name: className },
      spec: {
        image: "ghcr.io/skillpod/desktop:1.0",
        streamPort: 5901,
        resources: { default: { cpu: "1", memory: "2Gi" }, max: { cpu: "4", memory: "8Gi" } },
      },
    },
  });
  [operator, running] = await Promise.all([startOperatorProcess(namespace), startGateway()]);
  redis = new Redis(stackEnv("REDIS_URL"));
});

afterAll(async () => {
  await running?.gateway.drain(0);
  await running?.gateway.close();
  await operator?.stop();
  redis?.disconnect();
  await dropNamespaces();
  await custom
    .deleteClusterCustomObject({
      group: skillPodGroup,
      version: skillPodVersion,
      plural: skillPodClassPlural,
      name: className,
    })
    .catch(() => undefined);
});

describe("a SkillPod's desktop through the operator, the desktop runner and the gateway", () => {
  it(
    "reaches the runner's Xvnc by the EndpointSlice, as owner and as a watch session",
    { timeout: 180_000 },
    async () => {
      const name = `gw-${randomBytes(3).toString("hex")}`;
      const body: SkillPod = {
        apiVersion: skillPodApiVersion,
        kind: skillPodKind,
        metadata: { name, namespace },
        spec: { className, owner: { userId: ownerId }, state: "Running" },
      };
      await custom.createNamespacedCustomObject({
        group: skillPodGroup,
        version: skillPodVersion,
        plural: skillPodPlural,
        namespace,
        body,
      });
      const ref = { namespace, name };
      const skillPod = await waitFor(
        `SkillPod ${namespace}/${name} Running with its stream Service`,
        async () => {
          const s = (await custom.getNamespacedCustomObject({
            group: skillPodGroup,
            version: skillPodVersion,
            plural: skillPodPlural,
            ...ref,
          })) as SkillPod;
          return s.status?.phase === "Running" && s.status.serviceName ? s : false;
        },
        { timeoutMs: 90_000 },
      );
      // kwok marks the Pod ready before the runner's Xvnc listens: wait for the desktop itself.
      const address = await waitFor(
        "the desktop listening at its EndpointSlice address",
        async () => {
          const slices = await discovery.listNamespacedEndpointSlice({
            namespace,
            labelSelector: `kubernetes.io/service-name=${skillPod.status?.serviceName ?? ""}`,
          });
          const host = slices.items[0]?.endpoints.find((e) => e.conditions?.ready !== false)?.addresses[0];
          const port = slices.items[0]?.ports?.find((p) => p.name === "stream")?.port;
          return host && port && (await acceptsConnections(host, port)) ? { host, port } : false;
        },
        { timeoutMs: 90_000 },
      );
      expect(address.port).toBe(5901);

      const ticket = async (mode: "interactive" | "watch"): Promise<string> =>
        (await issueDesktopTicket(redis, { userId: ownerId, ...ref, mode }, 30)).ticket;
      const owner = await RfbClient.connect(`${running.url}?ticket=${await ticket("interactive")}`);
      const init = await owner.handshake();
      owner.send(rfbMessages.setEncodings([0]), rfbMessages.updateRequest(false, init.width, init.height));
      expect(await owner.readFramebufferUpdate(init.bitsPerPixel / 8)).toBe(init.width * init.height);

      // The owner asking for less gets a watch session: the view-only password the operator wrote works too.
      const before = sampleOf(
        await metricsOf(running.base),
        "skillpod_gateway_dropped_input_messages_total",
        'type="KeyEvent"',
      );
      const watching = await RfbClient.connect(`${running.url}?ticket=${await ticket("watch")}`);
      await watching.handshake();
      watching.send(...everyInputMessage());
      watching.send(rfbMessages.setEncodings([0]), rfbMessages.updateRequest(false, init.width, init.height));
      expect(await watching.readFramebufferUpdate(init.bitsPerPixel / 8)).toBe(init.width * init.height);
      const after = sampleOf(
        await metricsOf(running.base),
        "skillpod_gateway_dropped_input_messages_total",
        'type="KeyEvent"',
      );
      expect(after - before).toBe(2);
      expect(owner.open).toBe(true);
      watching.close();
      owner.close();
    },
  );
});
