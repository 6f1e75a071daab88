import { KubeConfig } from "@kubernetes/client-node";

/**
 * An explicit kubeconfig path wins (local runs, tests); inside a pod the service account; otherwise the
 * usual $KUBECONFIG / ~/.kube/config lookup. The caller passes KUBERNETES_SERVICE_HOST so that only
 * config.ts/main.ts read the environment.
 */
export function loadKubeConfig(kubeconfigPath?: string, kubernetesServiceHost?: string): KubeConfig {
  const kubeConfig = new KubeConfig();
  if (kubeconfigPath) {
    kubeConfig.loadFromFile(kubeconfigPath);
  } else if (kubernetesServiceHost) {
    kubeConfig.loadFromCluster();
  } else {
    kubeConfig.loadFromDefault();
  }
  return kubeConfig;
}
