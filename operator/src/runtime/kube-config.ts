// One loader for every process: pooled keep-alive connections (see @skillpod/kube-client).
export { loadKubeConfig } from "@skillpod/kube-client";
