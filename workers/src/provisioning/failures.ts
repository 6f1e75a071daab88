// How the provisioning activities fail: typed and non-retryable where trying again cannot help.
import { ApplicationFailure } from "@temporalio/common";
import { contractErrorCodes } from "@skillpod/contract-messages";

/** The HTTP status of a client-node ApiException, if that is what it is. */
export function statusCodeOf(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === "number" ? code : undefined;
}

/** The workspace can never be provisioned as asked (bad spec, missing class): the contract must hear of it. */
export function workspaceInvalid(message: string, details?: Record<string, unknown>): ApplicationFailure {
  return ApplicationFailure.create({
    type: contractErrorCodes.workspaceInvalid,
    message,
    nonRetryable: true,
    details: details ? [details] : undefined,
  });
}

/**
 * The apiserver refused the object itself (400 bad request, 422 schema or CEL rule): retries send the same
 * body, so they cannot succeed. Anything else (conflicts, 5xx, a terminating namespace) may pass later.
 */
export function asWorkspaceFailure(error: unknown, what: string): unknown {
  const code = statusCodeOf(error);
  if (code === 400 || code === 422) {
    const reason = error instanceof Error ? error.message : String(error);
    return workspaceInvalid(`${what} was refused by the API server: ${reason}`, { statusCode: code });
  }
  return error;
}
