import { KubeConfig, type Cluster } from "@kubernetes/client-node";
import { createHash } from "node:crypto";
import type { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent, type AgentOptions } from "node:https";

type AgentFactory = (cluster: Cluster | null, options: AgentOptions) => HttpsAgent | HttpAgent;

/**
 * client-node 1.4 builds a new https.Agent for every request, so every API call pays a TLS handshake and
 * re-parses the CA, certificate and key, on both ends: measured, it made the operator CPU-bound at about two
 * SkillPods a second. This KubeConfig hands out one keep-alive agent per cluster and credentials instead.
 */
export class PooledKubeConfig extends KubeConfig {
  private readonly agents = new Map<string, HttpsAgent | HttpAgent>();

  constructor(private readonly maxSockets = 64) {
    super();
    const base = (this as unknown as { createAgent: AgentFactory }).createAgent.bind(this);
    (this as unknown as { createAgent: AgentFactory }).createAgent = (cluster, options) => {
      if (cluster?.proxyUrl || !cluster?.server.startsWith("https:")) return base(cluster, options);
      const key = agentKey(cluster, options);
      let agent = this.agents.get(key);
      if (!agent) {
        agent = new HttpsAgent({
          ...options,
          keepAlive: true,
          maxSockets: this.maxSockets,
          maxFreeSockets: 16,
        });
        this.agents.set(key, agent);
      }
      return agent;
    };
  }

  /** Closes pooled connections, so a process that is done with the API can exit. */
  destroyAgents(): void {
    for (const agent of this.agents.values()) agent.destroy();
    this.agents.clear();
  }
}

function agentKey(cluster: Cluster, options: AgentOptions): string {
  const material = [
    cluster.server,
    options.ca,
    options.cert,
    options.key,
    options.servername,
    options.rejectUnauthorized,
  ];
  // CA, certificate and key arrive as strings or Buffers (or arrays of them); JSON keeps their bytes apart.
  const printable = material.map((m) => (Buffer.isBuffer(m) ? m.toString("base64") : (m ?? null)));
  return createHash("sha256").update(JSON.stringify(printable)).digest("hex");
}

/**
 * An explicit kubeconfig path wins (local runs, tests); inside a pod the service account; otherwise the usual
 * $KUBECONFIG / ~/.kube/config lookup. Callers pass KUBERNETES_SERVICE_HOST so only their config reads the
 * environment.
 */
export function loadKubeConfig(kubeconfigPath?: string, kubernetesServiceHost?: string): PooledKubeConfig {
  const kubeConfig = new PooledKubeConfig();
  if (kubeconfigPath) kubeConfig.loadFromFile(kubeconfigPath);
  else if (kubernetesServiceHost) kubeConfig.loadFromCluster();
  else kubeConfig.loadFromDefault();
  return kubeConfig;
}
