export { PooledKubeConfig, loadKubeConfig } from "./pooled-kube-config.js";
