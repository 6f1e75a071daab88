// Where a SkillPod's desktop listens and with which password, found the way a cluster exposes it: the
// SkillPod's stream Service (status.serviceName), that Service's EndpointSlices (a ready address, the port
// named "stream"), and the stream Secret the operator owns. Nothing here knows where the cluster runs.
import {
  CoreV1Api,
  DiscoveryV1Api,
  type KubeConfig,
  type V1EndpointSlice,
  type V1Secret,
} from "@kubernetes/client-node";
import { labels, skillPodComponents, streamSecretKeys, type SkillPod } from "@skillpod/api";
import type { DesktopMode } from "../desktop-sessions/index.js";

export type DesktopTarget = { host: string; port: number; password: string };

/** Why no desktop could be addressed (each a 503: the SkillPod exists but its desktop is not reachable yet). */
export type TargetProblem = "no-service" | "no-endpoint" | "no-credential";

export type TargetResult = { target: DesktopTarget } | { problem: TargetProblem };

/** The Service's label on the EndpointSlices the EndpointSlice controller makes for it. */
const serviceNameLabel = "kubernetes.io/service-name";
const streamPortName = "stream";

/** The first ready IP endpoint and the stream port (an endpoint with no ready condition counts as ready). */
export function streamEndpointOf(slices: V1EndpointSlice[]): { host: string; port: number } | undefined {
  for (const slice of slices) {
    if (slice.addressType !== "IPv4" && slice.addressType !== "IPv6") continue;
    const port = slice.ports?.find((p) => p.name === streamPortName)?.port;
    const ready = slice.endpoints.find((e) => e.conditions?.ready !== false && e.addresses.length > 0);
    const host = ready?.addresses[0];
    if (port !== undefined && host !== undefined) return { host, port };
  }
  return undefined;
}

function ownedBy(secret: V1Secret, skillPod: SkillPod): boolean {
  const uid = skillPod.metadata?.uid;
  return (secret.metadata?.ownerReferences ?? []).some((o) => o.uid === uid && o.controller === true);
}

/**
 * The password for this mode from the stream Secret the SkillPod controls (labels alone could be copied by
 * anything that may create Secrets in the namespace): interactive for the owner, view-only for a watcher.
 */
export function streamPasswordOf(
  secrets: V1Secret[],
  skillPod: SkillPod,
  mode: DesktopMode,
): string | undefined {
  const key = mode === "interactive" ? streamSecretKeys.interactive : streamSecretKeys.view;
  const encoded = secrets.find((s) => ownedBy(s, skillPod))?.data?.[key];
  if (encoded === undefined) return undefined;
  const password = Buffer.from(encoded, "base64").toString("utf8");
  return password === "" ? undefined : password;
}

export class DesktopTargets {
  readonly #discovery: DiscoveryV1Api;
  readonly #core: CoreV1Api;

  constructor(kubeConfig: KubeConfig) {
    this.#discovery = kubeConfig.makeApiClient(DiscoveryV1Api);
    this.#core = kubeConfig.makeApiClient(CoreV1Api);
  }

  async resolve(skillPod: SkillPod, mode: DesktopMode): Promise<TargetResult> {
    const namespace = skillPod.metadata?.namespace ?? "";
    const service = skillPod.status?.serviceName;
    if (!service) return { problem: "no-service" };
    const [slices, secrets] = await Promise.all([
      this.#discovery.listNamespacedEndpointSlice({
        namespace,
        labelSelector: `${serviceNameLabel}=${service}`,
      }),
      this.#core.listNamespacedSecret({
        namespace,
        labelSelector: `${labels.skillPod}=${skillPod.metadata?.name ?? ""},${labels.component}=${skillPodComponents.streamCredential}`,
      }),
    ]);
    const endpoint = streamEndpointOf(slices.items);
    if (!endpoint) return { problem: "no-endpoint" };
    const password = streamPasswordOf(secrets.items, skillPod, mode);
    if (password === undefined) return { problem: "no-credential" };
    return { target: { ...endpoint, password } };
  }
}
