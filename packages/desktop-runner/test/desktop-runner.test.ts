// The local stack's desktop runner against the real control plane: a SkillPod made by the operator gets a
// real desktop on its Pod's address, reachable from its stream Service's EndpointSlice as the gateway
// reaches it in a cluster, authenticating with the stream Secret's passwords; and it goes with the SkillPod.
import {
  CoreV1Api,
  CustomObjectsApi,
  DiscoveryV1Api,
  KubeConfig,
  type V1EndpointSlice,
} from "@kubernetes/client-node";
import {
  skillPodClassPlural,
  skillPodGroup,
  skillPodPlural,
  skillPodVersion,
  type SkillPod,
} from "@skillpod/api";
import { connectUpstream } from "@skillpod/rfb";
import { freePort, NodeProcess, stackEnv, startOperatorProcess, waitFor } from "@skillpod/testkit";
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const repo = join(import.meta.dirname, "..", "..", "..");
const kubeConfig = new KubeConfig();
kubeConfig.loadFromFile(stackEnv("KUBECONFIG"));
const core = kubeConfig.makeApiClient(CoreV1Api);
const custom = kubeConfig.makeApiClient(CustomObjectsApi);
const discovery = kubeConfig.makeApiClient(DiscoveryV1Api);
const suffix = randomBytes(3).toString("hex");
const namespace = `desktops-${suffix}`;
const className = `desktop-${suffix}`;
const stackRunnerPort = Number(process.env.SKILLPOD_DESKTOP_RUNNER_PORT ?? 10391);
const started: NodeProcess[] = [];

/** The first bytes a desktop sends; rejects when nothing listens. */
function greeting(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    socket.setTimeout(3000, () => socket.destroy(new Error("no greeting")));
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString("latin1"));
    });
    socket.once("error", reject);
  });
}

/** Xvnc processes listening on an address, with their args and the entry script's HOME. */
function xvncOn(address: string): { pid: number; args: string[]; home: string | undefined }[] {
  const found = [];
  for (const entry of readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
    try {
      const args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").filter(Boolean);
      if (args[0] !== "Xvnc" || args[args.indexOf("-interface") + 1] !== address) continue;
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const parent = stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1];
      const environ = readFileSync(`/proc/${parent}/environ`, "utf8").split("\0");
      const home = environ.find((v) => v.startsWith("HOME="))?.slice(5);
      found.push({ pid: Number(entry), args, home });
    } catch {
      // Gone while we looked.
    }
  }
  return found;
}

/** The stack's runner when `make stack-up` started it; otherwise one of our own for this namespace. */
async function ensureRunner(): Promise<void> {
  const stackRunner = await fetch(`http://127.0.0.1:${stackRunnerPort}/healthz`).then(
    (r) => r.ok,
    () => false,
  );
  if (stackRunner) return;
  const port = await freePort();
  started.push(
    await NodeProcess.start({
      entry: "packages/desktop-runner/src/main.ts",
      env: {
        KUBECONFIG: stackEnv("KUBECONFIG"),
        DESKTOP_RUNNER_STATE_DIR: mkdtempSync(join(tmpdir(), "desktop-runner-")),
        DESKTOP_RUNNER_PORT: String(port),
        DESKTOP_RUNNER_NAMESPACE: namespace,
        DESKTOP_RUNNER_FIRST_DISPLAY: "800",
      },
      readyUrl: `http://127.0.0.1:${port}/healthz`,
    }),
  );
}

const skillPods = { group: skillPodGroup, version: skillPodVersion, plural: skillPodPlural, namespace };

beforeAll(async () => {
  const kubectl = join(stackEnv("SKILLPOD_BIN"), "kubectl");
  execFileSync(kubectl, [
    "--kubeconfig",
    stackEnv("KUBECONFIG"),
    "apply",
    "--server-side",
    "-f",
    join(repo, "crds"),
  ]);
  await core.createNamespace({
    body: { metadata: { name: namespace, labels: { "pod-security.kubernetes.io/enforce": "restricted" } } },
  });
  await custom.createClusterCustomObject({
    group: skillPodGroup,
    version: skillPodVersion,
    plural: skillPodClassPlural,
    body: {
      apiVersion: "skillpod.dev/v1alpha1",
      kind: "SkillPodClass",
      metadata: { name: className, labels: { "skillpod.dev/test": "true" } },
      spec: {
        image: "ghcr.io/skillpod/desktop:1.0",
        streamPort: 5901,
        resources: { default: { cpu: "1", memory: "2Gi" }, max: { cpu: "4", memory: "8Gi" } },
      },
    },
  });
  started.push(await startOperatorProcess(namespace));
  await ensureRunner();
});

afterAll(async () => {
  await core.deleteNamespace({ name: namespace }).catch(() => undefined);
  await Promise.all(started.map((p) => p.stop()));
  await custom
    .deleteClusterCustomObject({
      group: skillPodGroup,
      version: skillPodVersion,
      plural: skillPodClassPlural,
      name: className,
    })
    .catch(() => undefined);
});

/** The ready address and port of the stream Service, as the gateway reads them. */
async function streamEndpoint(service: string): Promise<{ address: string; port: number }> {
  return waitFor(`an EndpointSlice of Service ${service} with a ready address`, async () => {
    const slices = await discovery.listNamespacedEndpointSlice({
      namespace,
      labelSelector: `kubernetes.io/service-name=${service}`,
    });
    const slice: V1EndpointSlice | undefined = slices.items.find((s) =>
      s.endpoints?.some((e) => e.conditions?.ready),
    );
    const address = slice?.endpoints?.find((e) => e.conditions?.ready)?.addresses[0];
    const port = slice?.ports?.find((p) => p.name === "stream")?.port;
    return address && port ? { address, port } : false;
  });
}

describe("desktop runner", () => {
  it("runs a Running SkillPod's desktop on its Pod address, behind VncAuth with the stream Secret's passwords", async () => {
    await custom.createNamespacedCustomObject({
      ...skillPods,
      body: {
        apiVersion: "skillpod.dev/v1alpha1",
        kind: "SkillPod",
        metadata: { name: "alpha" },
        spec: { className, owner: { userId: "u-freelancer" }, policy: { clipboard: "ToWorkspace" } },
      },
    });
    await waitFor("SkillPod alpha to be Running", async () => {
      const s = (await custom.getNamespacedCustomObject({ ...skillPods, name: "alpha" })) as SkillPod;
      return s.status?.phase === "Running";
    });
    const { address, port } = await streamEndpoint("ws-alpha");
    const pod = await core.readNamespacedPod({ namespace, name: "ws-alpha" });
    expect(address).toBe(pod.status?.podIP);
    expect(port).toBe(5901);

    const hello = await waitFor(
      "the desktop's RFB greeting",
      () => greeting(address, port).catch(() => false),
      {
        timeoutMs: 30_000,
      },
    );
    expect(hello).toBe("RFB 003.008\n");

    const secret = await core.readNamespacedSecret({ namespace, name: "ws-alpha-stream" });
    const password = (key: string): string => Buffer.from(secret.data?.[key] ?? "", "base64").toString();
    for (const key of ["password", "view-password"]) {
      const upstream = await connectUpstream({
        host: address,
        port,
        password: password(key),
        timeoutMs: 5000,
      });
      expect(upstream.serverInit.subarray(24).toString()).toBe("SkillPod");
      upstream.socket.destroy();
    }
    await expect(
      connectUpstream({ host: address, port, password: "not-this", timeoutMs: 5000 }),
    ).rejects.toMatchObject({ kind: "auth" });

    const [xvnc] = xvncOn(address);
    expect(xvnc?.args).toEqual(
      expect.arrayContaining(["-rfbport", "5901", "-SendCutText=0", "-AcceptCutText=1"]),
    );
    // HOME is the home volume's directory, as a kubelet would mount it.
    const claim = await core.readNamespacedPersistentVolumeClaim({ namespace, name: "home-alpha" });
    const volume = await core.readPersistentVolume({ name: claim.spec?.volumeName ?? "" });
    expect(xvnc?.home).toBe(volume.spec?.hostPath?.path);
    expect(existsSync(xvnc?.home ?? "/nonexistent")).toBe(true);
  });

  it("stops the desktop within seconds of the SkillPod's deletion: Xvnc gone, port closed", async () => {
    const pod = await core.readNamespacedPod({ namespace, name: "ws-alpha" });
    const address = pod.status?.podIP ?? "";
    const [xvnc] = xvncOn(address);
    expect(xvnc).toBeDefined();
    await custom.deleteNamespacedCustomObject({ ...skillPods, name: "alpha" });
    const deletedAt = Date.now();
    const gone = (): Promise<boolean> => Promise.resolve(!existsSync(`/proc/${xvnc?.pid}`));
    await waitFor("the desktop's Xvnc to exit", gone, {
      timeoutMs: 30_000,
    });
    expect(Date.now() - deletedAt).toBeLessThan(15_000);
    await expect(greeting(address, 5901)).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });
});
