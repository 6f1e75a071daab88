// The tenant's namespace, made with its first workspace: the control plane names it (skp-<clientId>) but
// nothing else creates it, and a SkillPod cannot be created in a namespace that does not exist.
import type { CoreV1Api } from "@kubernetes/client-node";
import { labelTrue, labels } from "@skillpod/api";
import { createNamespaceIfAbsent } from "@skillpod/kube-client";
import type { Logger } from "pino";
import { asWorkspaceFailure } from "./failures.js";

/** Workspaces run under the restricted Pod Security profile, as the operator's Pods are built for. */
export const tenantNamespaceLabels: Readonly<Record<string, string>> = {
  "pod-security.kubernetes.io/enforce": "restricted",
  [labels.managedBy]: "skillpod",
  "skillpod.dev/tenant": labelTrue,
};

/** Creates the namespace unless it exists (one made by someone else keeps its own labels). */
export async function ensureTenantNamespace(core: CoreV1Api, namespace: string, log: Logger): Promise<void> {
  let created: boolean;
  try {
    created = await createNamespaceIfAbsent(core, namespace, { ...tenantNamespaceLabels });
  } catch (error) {
    throw asWorkspaceFailure(error, `Namespace ${namespace}`);
  }
  if (created) log.info({ namespace }, `Created Namespace ${namespace}`);
  else log.info({ namespace }, `Found Namespace ${namespace} created meanwhile`);
}
