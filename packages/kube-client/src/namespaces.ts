// Namespaces made on demand: a namespaced create answered "namespace not found", and the namespace created.
import type { CoreV1Api } from "@kubernetes/client-node";

/** The Kubernetes Status an ApiException carries: client-node 1.x leaves it as the response text. */
type Status = { reason?: string; details?: { kind?: string; name?: string } };

function statusOf(error: unknown): Status | undefined {
  const body = (error as { body?: unknown } | undefined)?.body;
  if (typeof body === "object" && body !== null) return body;
  if (typeof body !== "string") return undefined;
  try {
    return JSON.parse(body) as Status;
  } catch {
    return undefined;
  }
}

const codeOf = (error: unknown): unknown => (error as { code?: unknown } | undefined)?.code;

/**
 * True when a request was refused because its namespace does not exist. A 404 for a missing object, or for a
 * resource type the apiserver does not serve, is not this: creating the namespace would not help those.
 */
export function isNamespaceNotFound(error: unknown, namespace: string): boolean {
  if (codeOf(error) !== 404) return false;
  const status = statusOf(error);
  return (
    status?.reason === "NotFound" &&
    status.details?.kind === "namespaces" &&
    status.details.name === namespace
  );
}

/**
 * Creates the namespace with `labels`, unless it exists already (then it is left as it is: whoever made it
 * owns its labels). True when this call created it.
 */
export async function createNamespaceIfAbsent(
  core: CoreV1Api,
  name: string,
  labels: Record<string, string>,
): Promise<boolean> {
  try {
    await core.createNamespace({ body: { metadata: { name, labels } } });
    return true;
  } catch (error) {
    if (codeOf(error) === 409) return false;
    throw error;
  }
}
