import { KubeConfig } from "@kubernetes/client-node";

/** From the given kubeconfig path, else in cluster when running in a Pod, else the default locations. */
export function loadKubeConfig(path: string | undefined, serviceHost: string | undefined): KubeConfig {
  const kubeConfig = new KubeConfig();
  if (path) kubeConfig.loadFromFile(path);
  else if (serviceHost) kubeConfig.loadFromCluster();
  else kubeConfig.loadFromDefault();
  return kubeConfig;
}
