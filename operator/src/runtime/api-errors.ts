import { ApiException } from "@kubernetes/client-node";

/** Whether a client-node call failed with this HTTP status (client-node 1.x throws ApiException with `.code`). */
export function isApiStatus(error: unknown, code: number): boolean {
  return error instanceof ApiException && error.code === code;
}

/**
 * A one-line description of a failed request for logs: ApiException's own message embeds every response
 * header, and its body is the Status as an unparsed JSON string.
 */
export function describeApiError(error: unknown): string {
  if (error instanceof ApiException) {
    const body: unknown = error.body;
    try {
      const status = (typeof body === "string" ? JSON.parse(body) : body) as { message?: string } | undefined;
      return `HTTP ${error.code}: ${status?.message ?? "no message"}`;
    } catch {
      return `HTTP ${error.code}`;
    }
  }
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
