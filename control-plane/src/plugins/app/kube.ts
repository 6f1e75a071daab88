import { CustomObjectsApi } from "@kubernetes/client-node";
import { loadKubeConfig } from "@skillpod/kube-client";
import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import type { ControlPlaneConfig } from "../../config.js";

declare module "fastify" {
  interface FastifyInstance {
    /** The Kubernetes API, for SkillPods (read, list, patch spec.state). */
    kube: { custom: CustomObjectsApi };
  }
}

/**
 * One pooled kubeconfig per process (KUBECONFIG, else the in-cluster service account, else the default
 * lookup): client-node would otherwise open a fresh TLS connection for every call.
 */
async function kubePlugin(app: FastifyInstance, config: ControlPlaneConfig): Promise<void> {
  const kubeConfig = loadKubeConfig(config.KUBECONFIG, config.KUBERNETES_SERVICE_HOST);
  app.decorate("kube", { custom: kubeConfig.makeApiClient(CustomObjectsApi) });
  app.addHook("onClose", () => Promise.resolve(kubeConfig.destroyAgents()));
  return Promise.resolve();
}

export const kube = fp(kubePlugin, { name: "kube" });
