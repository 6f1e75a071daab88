/**
 * The control plane's typed errors. Each carries a stable code (SKP_…) and an HTTP status; the error handler
 * maps them, and only them, to RFC 9457 problem+json with their message. Anything else is a 500 whose body
 * says nothing about internals.
 */
export class SkpError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "SkpError";
  }
}

export const unauthenticated = (message = "Authentication is required"): SkpError =>
  new SkpError("SKP_UNAUTHENTICATED", 401, message);
export const forbidden = (message = "You are not allowed to do this"): SkpError =>
  new SkpError("SKP_FORBIDDEN", 403, message);
/** Also for objects that exist but the caller may not see: no existence oracle (IDOR). */
export const notFound = (what = "Resource"): SkpError =>
  new SkpError("SKP_NOT_FOUND", 404, `${what} not found`);
export const conflict = (code: string, message: string): SkpError => new SkpError(code, 409, message);
export const invalid = (code: string, message: string, extensions: Record<string, unknown> = {}): SkpError =>
  new SkpError(code, 422, message, extensions);
/**
 * A request that matches its schema but breaks a rule the schema cannot express (an unknown skill, a cursor
 * we never made, milestones that do not add up): 422, with the same code and field list as a schema
 * violation's 400, so clients show both the same way. 400 stays for requests the schema itself refuses.
 */
export const validationFailed = (errors: { field: string; message: string }[]): SkpError =>
  new SkpError(
    "SKP_VALIDATION_FAILED",
    422,
    `Invalid request: ${errors.map((e) => `${e.field} ${e.message}`).join("; ")}`,
    { errors },
  );
