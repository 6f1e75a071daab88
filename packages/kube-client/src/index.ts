export { PooledKubeConfig, loadKubeConfig } from "./pooled-kube-config.js";
export { createNamespaceIfAbsent, isNamespaceNotFound } from "./namespaces.js";
