import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import { transientDatabaseError } from "./database-errors.js";
import { SkpError } from "./skp-error.js";

/** RFC 9457 problem details, plus our stable `code` and the request id for support. */
export type Problem = {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance: string;
  requestId: string;
  errors?: { field: string; message: string }[];
};

const titles: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  409: "Conflict",
  413: "Content Too Large",
  414: "URI Too Long",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  423: "Locked",
  429: "Too Many Requests",
  500: "Internal Server Error",
  502: "Bad Gateway",
  503: "Service Unavailable",
};

function problem(request: FastifyRequest, status: number, code: string, detail: string): Problem {
  return {
    type: `https://skillpod.dev/problems/${code.toLowerCase().replace(/^skp_/, "").replaceAll("_", "-")}`,
    title: titles[status] ?? "Error",
    status,
    detail,
    code,
    instance: request.url.split("?")[0] ?? "/",
    requestId: String(request.id),
  };
}

type ValidationIssue = { instancePath?: string; message?: string; params?: Record<string, unknown> };

/**
 * ajv's issues as field names: "/email" → "email", a missing or unexpected property → its name, the part of
 * the request as a whole → "(body)", "(querystring)"….
 */
function fieldsOf(issues: ValidationIssue[], context = "body"): { field: string; message: string }[] {
  return issues.map((issue) => {
    const named = issue.params?.missingProperty ?? issue.params?.additionalProperty;
    const path = `${issue.instancePath ?? ""}${typeof named === "string" ? `/${named}` : ""}`;
    return {
      field: path.replace(/^\//, "").replaceAll("/", ".") || `(${context})`,
      message: issue.message ?? "is invalid",
    };
  });
}

/** Retry-After for a problem that says when to retry (retryAfter seconds), as the documentation promises. */
function withRetryAfter(reply: FastifyReply, body: Problem & { retryAfter?: unknown }): FastifyReply {
  return typeof body.retryAfter === "number" ? reply.header("retry-after", String(body.retryAfter)) : reply;
}

function clientProblem(error: FastifyError | SkpError, request: FastifyRequest): Problem | undefined {
  if (error instanceof SkpError)
    return { ...problem(request, error.status, error.code, error.message), ...error.extensions };
  if (error.validation) {
    const errors = fieldsOf(error.validation, error.validationContext);
    const detail = `Invalid request: ${errors.map((e) => `${e.field} ${e.message}`).join("; ")}`;
    return { ...problem(request, 400, "SKP_VALIDATION_FAILED", detail), errors };
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    // Clients back off on this code (with Retry-After) rather than on the bare status.
    if (status === 429) return problem(request, 429, "SKP_RATE_LIMITED", "Too many requests; retry later");
    return problem(request, status, `SKP_HTTP_${status}`, error.message);
  }
  return undefined;
}

/** The one place errors become responses. 5xx bodies never carry the error's message or stack. */
export function sendProblem(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const busy = transientDatabaseError(error);
  // Logged: a run of them says the database (or the machine) is saturated.
  if (busy) request.log.warn({ err: error }, "The database was busy; answered 503");
  const body = clientProblem(busy ?? error, request);
  if (body) return withRetryAfter(reply, body).code(body.status).type("application/problem+json").send(body);
  request.log.error({ err: error }, "Failed to handle request");
  const status = error.statusCode === 503 ? 503 : 500;
  const detail = status === 503 ? "The service is overloaded; retry later" : "An unexpected error occurred";
  return reply
    .code(status)
    .type("application/problem+json")
    .send(problem(request, status, "SKP_INTERNAL", detail));
}

export function sendNotFound(request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const body = problem(
    request,
    404,
    "SKP_ROUTE_NOT_FOUND",
    `No route ${request.method} ${request.url.split("?")[0]}`,
  );
  return reply.code(404).type("application/problem+json").send(body);
}
