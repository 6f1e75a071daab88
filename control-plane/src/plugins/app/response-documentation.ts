import type { FastifyInstance, RouteOptions } from "fastify";
import fp from "fastify-plugin";
import type { RouteAccess } from "../../access.js";
import { problemResponse, problemSchema, type ProblemResponse } from "../../errors/problem-schema.js";

type Responses = Record<string, unknown>;
type Shape = {
  access: RouteAccess;
  methods: string[];
  hasInput: boolean;
  takesBody: boolean;
  hasPathParams: boolean;
  rateLimited: boolean;
};

const stringHeader = (description: string): { type: "string"; description: string } => ({
  type: "string",
  description,
});
const retryAfter = { "retry-after": stringHeader("Seconds to wait before retrying") };

const descriptions: Record<number, string> = {
  400: "Bad Request: the request does not match the schema; `errors` names the fields",
  401: "Unauthorized: no valid credentials",
  403: "Forbidden: the caller may not do this",
  404: "Not Found: no such object, or not one the caller may see",
  405: "Method Not Allowed: `Allow` lists the methods this path serves",
  409: "Conflict: the current state does not allow this",
  413: "Content Too Large",
  415: "Unsupported Media Type: send application/json",
  422: "Unprocessable Content: well-formed input that a rule refused",
  423: "Locked: retry after Retry-After seconds",
  429: "Too Many Requests: retry after Retry-After seconds",
  500: "Internal Server Error: nothing about the cause is disclosed",
  503: "Service Unavailable: overloaded; retry after Retry-After seconds",
};

function errorResponse(status: number): ProblemResponse {
  const description = descriptions[status] ?? "Error";
  if (status === 405)
    return problemResponse(description, { allow: stringHeader("Methods this path serves") });
  if (status === 423 || status === 429 || status === 503) return problemResponse(description, retryAfter);
  return problemResponse(description);
}

const writes = new Set(["POST", "PUT", "PATCH", "DELETE"]);

/** The error statuses a route can answer, from who may call it and what it takes. */
function errorStatuses(shape: Shape): number[] {
  const statuses = [405, 500, 503];
  const writing = shape.methods.some((m) => writes.has(m));
  if (shape.hasInput || shape.takesBody) statuses.push(400);
  if (shape.takesBody) statuses.push(413, 415);
  if (!("public" in shape.access)) statuses.push(401, 403);
  if (shape.hasPathParams) statuses.push(404);
  // A write can meet a rule the database holds (a unique key, a state machine): fromDatabaseError gives 409
  // or 422. Input a schema cannot judge (a cursor, a range) is 422 too.
  if (writing) statuses.push(409);
  if (writing || shape.hasInput) statuses.push(422);
  if (shape.rateLimited) statuses.push(429);
  return statuses;
}

/** A route's own problem entries become the shared one; whatever else it declared stays as it is. */
function ownResponses(declared: Responses): Responses {
  return Object.fromEntries(
    Object.entries(declared).map(([status, schema]) => [
      status,
      schema === problemSchema ? errorResponse(Number(status)) : schema,
    ]),
  );
}

const succeeds = (status: string): boolean => /^[23]/.test(status);

function shapeOf(route: RouteOptions, access: RouteAccess): Shape {
  const schema = route.schema ?? {};
  const methods = [route.method].flat().map((m) => m.toUpperCase());
  return {
    access,
    methods,
    hasInput: Boolean(schema.body ?? schema.querystring ?? schema.params ?? schema.headers),
    takesBody: Boolean(schema.body) || methods.some((m) => writes.has(m)),
    hasPathParams: route.url.includes(":") || route.url.includes("*"),
    rateLimited: route.config?.rateLimit !== false,
  };
}

/** Documented routes only: hidden ones (docs UI, metrics) are not part of the API's contract. */
function fill(route: RouteOptions): void {
  const access = route.config?.access;
  if (route.schema?.hide === true || !access) return;
  const declared = (route.schema?.response ?? {}) as Responses;
  // Left as it is (the document shows a bare default response): schemathesis.test.ts fails such a route.
  if (!Object.keys(declared).some(succeeds)) return;
  const filled: Responses = {};
  for (const status of errorStatuses(shapeOf(route, access))) filled[status] = errorResponse(status);
  route.schema = {
    ...route.schema,
    // Who may call it, as the route declares it: for the portal's client, and for tests that pick callers.
    "x-access": access,
    security: securityOf(route, access),
    response: { ...filled, ...ownResponses(declared) },
  } as RouteOptions["schema"];
}

/** A route for signed-in callers or services says so, for clients and for tools that test without it. */
function securityOf(route: RouteOptions, access: RouteAccess): unknown {
  return route.schema?.security ?? ("public" in access ? undefined : [{ bearer: [] }]);
}

/**
 * Every route's OpenAPI entry lists every response it can give, so the typed client generated from the
 * document knows them all: the error statuses follow from the route's access and shape (input → 400, signed
 * in → 401/403, path parameters → 404, writes → 409/422, rate limits → 429, and 405/500/503 anywhere), each
 * as application/problem+json referencing one shared schema. Routes keep what they declared themselves.
 * The filled schemas are the serializer's too, so problem bodies go through the same contract.
 */
async function responseDocumentationPlugin(app: FastifyInstance): Promise<void> {
  app.addHook("onRoute", fill);
  return Promise.resolve();
}

export const responseDocumentation = fp(responseDocumentationPlugin, {
  name: "response-documentation",
  dependencies: ["access", "documentation"],
});
