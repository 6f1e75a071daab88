import type { V1Container, V1Pod, V1Secret } from "@kubernetes/client-node";
import { labels } from "@skillpod/api";

/** The Pods whose desktops the runner runs: every SkillPod's desktop Pod. */
export const workspacePodSelector = `${labels.component}=workspace`;

export type EnvSource =
  | { name: string; value: string }
  | { name: string; secret: { name: string; key: string; optional: boolean } };

/** What the runner needs from a Running desktop Pod to run its desktop here, as a kubelet would. */
export type DesktopPlan = {
  /** The Pod's uid: a Pod deleted and made again under the same name is another desktop. */
  key: string;
  /** namespace/name, for logs. */
  pod: string;
  namespace: string;
  podIP: string;
  env: EnvSource[];
  /** The claim mounted where the container's HOME points, if any. */
  homeClaim?: string;
};

const desktopContainerOf = (pod: V1Pod): V1Container | undefined =>
  pod.spec?.containers.find((c) => c.name === "desktop") ?? pod.spec?.containers[0];

/** Running with an address and not on its way out: a kubelet would have its container up. */
export function isDesktopDue(pod: V1Pod): boolean {
  return pod.status?.phase === "Running" && Boolean(pod.status.podIP) && !pod.metadata?.deletionTimestamp;
}

function envSources(container: V1Container, problems: string[]): EnvSource[] {
  const sources: EnvSource[] = [];
  for (const variable of container.env ?? []) {
    const secret = variable.valueFrom?.secretKeyRef;
    if (secret) {
      sources.push({
        name: variable.name,
        secret: { name: secret.name ?? "", key: secret.key, optional: secret.optional ?? false },
      });
    } else if (variable.valueFrom) {
      problems.push(`${variable.name}: only values and secretKeyRef are supported`);
    } else {
      sources.push({ name: variable.name, value: variable.value ?? "" });
    }
  }
  return sources;
}

function homeClaimOf(pod: V1Pod, container: V1Container, env: EnvSource[]): string | undefined {
  const home = env.find((e) => e.name === "HOME" && "value" in e);
  const mount = container.volumeMounts?.find((m) => home && "value" in home && m.mountPath === home.value);
  const volume = pod.spec?.volumes?.find((v) => v.name === mount?.name);
  return volume?.persistentVolumeClaim?.claimName;
}

/** The plan for a due Pod; `problems` names what a kubelet would refuse too. */
export function desktopPlanFor(pod: V1Pod): { plan: DesktopPlan; problems: string[] } | undefined {
  const container = desktopContainerOf(pod);
  if (!isDesktopDue(pod) || !container) return undefined;
  const problems: string[] = [];
  const env = envSources(container, problems);
  const { namespace = "", name = "", uid = "" } = pod.metadata ?? {};
  const homeClaim = homeClaimOf(pod, container, env);
  const plan: DesktopPlan = {
    key: uid,
    pod: `${namespace}/${name}`,
    namespace,
    podIP: pod.status?.podIP ?? "",
    env,
    ...(homeClaim ? { homeClaim } : {}),
  };
  return { plan, problems };
}

/** Looks up one Secret of the Pod's namespace; undefined when it does not exist. */
export type SecretReader = (name: string) => Promise<V1Secret | undefined>;

/** The container's environment with secretKeyRefs read, as the kubelet does at each container start. */
export async function resolveEnv(
  sources: EnvSource[],
  readSecret: SecretReader,
): Promise<Record<string, string>> {
  const env: Record<string, string> = {};
  const secrets = new Map<string, V1Secret | undefined>();
  for (const source of sources) {
    if ("value" in source) {
      env[source.name] = source.value;
      continue;
    }
    const { name, key, optional } = source.secret;
    if (!secrets.has(name)) secrets.set(name, await readSecret(name));
    const encoded = secrets.get(name)?.data?.[key];
    if (encoded !== undefined) env[source.name] = Buffer.from(encoded, "base64").toString("utf8");
    else if (!optional) throw new Error(`${source.name}: key ${key} of Secret ${name} not found`);
  }
  return env;
}
