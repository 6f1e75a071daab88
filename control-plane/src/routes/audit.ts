import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import { exportContentTypes, exportLines } from "@skillpod/audit-format";
import type { FastifyInstance } from "fastify";
import { Readable } from "node:stream";
import Type, { type Static } from "typebox";
import { userOf } from "../access.js";
import {
  MAX_PAGE_SIZE,
  assertValidFilters,
  listAuditEvents,
  streamAuditEvents,
  type AuditFilters,
} from "../audit/query.js";
import { verifyAuditChain } from "../audit/verify.js";
import { invalid, validationFailed } from "../errors/index.js";
import { jwksSchema } from "./v1/account-schemas.js";

export const MAX_DETAILS_BYTES = 8 * 1024;
export const MAX_DETAILS_DEPTH = 32;
const DEFAULT_PAGE_SIZE = 50;

// Text columns: printable, no control characters (PostgreSQL text cannot even hold NUL), no lone surrogates
// (Prisma cannot send them; with ajv's u flag a valid surrogate pair is one code point outside the range).
const label = (maxLength: number): ReturnType<typeof Type.String> =>
  Type.String({ minLength: 1, maxLength, pattern: "^[^\\u0000-\\u001F\\u007F\\uD800-\\uDFFF]+$" });
const nullable = <T extends ReturnType<typeof Type.String>>(
  schema: T,
): ReturnType<typeof Type.Union<[T, ReturnType<typeof Type.Null>]>> => Type.Union([schema, Type.Null()]);
const detailsSchema = Type.Record(Type.String(), Type.Unknown());

const internalEventBody = Type.Object(
  {
    actorType: Type.Union([Type.Literal("workflow"), Type.Literal("operator"), Type.Literal("system")]),
    actorId: Type.Optional(label(200)),
    action: label(200),
    target: Type.Optional(Type.Object({ type: label(100), id: label(200) }, { additionalProperties: false })),
    outcome: Type.Union([Type.Literal("success"), Type.Literal("denied"), Type.Literal("failure")]),
    details: Type.Optional(detailsSchema),
  },
  { additionalProperties: false },
);

const appendedSchema = Type.Object({ id: Type.String(), occurredAt: Type.String(), hash: Type.String() });

const filterProperties = {
  actor: Type.Optional(label(200)),
  action: Type.Optional(label(200)),
  targetType: Type.Optional(label(100)),
  targetId: Type.Optional(label(200)),
  from: Type.Optional(Type.String({ format: "date-time" })),
  to: Type.Optional(Type.String({ format: "date-time" })),
};

const orderSchema = Type.Union([Type.Literal("desc"), Type.Literal("asc")]);

const listQuery = Type.Object(
  {
    ...filterProperties,
    cursor: Type.Optional(Type.String({ minLength: 1, maxLength: 40, pattern: "^[A-Za-z0-9_-]+$" })),
    limit: Type.Optional(
      Type.Integer({
        minimum: 1,
        maximum: MAX_PAGE_SIZE,
        default: DEFAULT_PAGE_SIZE,
        // ajv coerces "1e309" to Infinity, calls it an integer and skips the bounds (ajv-validator/ajv#2212);
        // a second type check after the coercion refuses it.
        allOf: [{ type: "integer" }],
      }),
    ),
    order: Type.Optional(orderSchema),
  },
  { additionalProperties: false },
);

const exportQuery = Type.Object(
  {
    ...filterProperties,
    format: Type.Optional(Type.Union([Type.Literal("ndjson"), Type.Literal("csv")], { default: "ndjson" })),
    order: Type.Optional(orderSchema),
  },
  { additionalProperties: false },
);

const eventSchema = Type.Object({
  id: Type.String(),
  occurredAt: Type.String({ format: "date-time" }),
  actorType: Type.String(),
  actorId: nullable(Type.String()),
  action: Type.String(),
  targetType: nullable(Type.String()),
  targetId: nullable(Type.String()),
  requestId: nullable(Type.String()),
  ip: nullable(Type.String()),
  outcome: Type.String(),
  details: detailsSchema,
  prevHash: Type.String(),
  hash: Type.String(),
});

const pageSchema = Type.Object({ items: Type.Array(eventSchema), nextCursor: nullable(Type.String()) });

const verifySchema = Type.Object({
  valid: Type.Boolean(),
  checked: Type.Integer(),
  lastHash: Type.Optional(Type.String()),
  checkpoints: Type.Optional(Type.Integer()),
  firstBrokenId: Type.Optional(nullable(Type.String())),
  checkpointId: Type.Optional(Type.String()),
  reason: Type.Optional(Type.String()),
});

const auditors = { access: { roles: ["admin", "auditor"] as const } };

// A stream, never serialized: the schemas document the two content types (format=ndjson | csv).
const exportResponse = {
  description: "The matching events, one per line (a CSV export starts with a header row)",
  content: {
    [exportContentTypes.ndjson.split(";")[0]!]: { schema: { type: "string" } },
    [exportContentTypes.csv.split(";")[0]!]: { schema: { type: "string" } },
  },
};

/**
 * The date-time format admits leap seconds (23:59:60), which Date cannot hold, and offsets that carry
 * 0000-01-01 or 9999-12-31 out of the years the database can compare with.
 */
function dateOf(field: string, value: string): Date {
  const date = new Date(value);
  const year = date.getUTCFullYear();
  if (!(year >= 1 && year <= 9999))
    throw validationFailed([{ field, message: "must be a date-time between the years 1 and 9999" }]);
  return date;
}

function filtersOf(query: Static<typeof listQuery> | Static<typeof exportQuery>): AuditFilters {
  const filters: AuditFilters = {
    ...(query.actor !== undefined ? { actor: query.actor } : {}),
    ...(query.action !== undefined ? { action: query.action } : {}),
    ...(query.targetType !== undefined ? { targetType: query.targetType } : {}),
    ...(query.targetId !== undefined ? { targetId: query.targetId } : {}),
    ...(query.from !== undefined ? { from: dateOf("from", query.from) } : {}),
    ...(query.to !== undefined ? { to: dateOf("to", query.to) } : {}),
  };
  assertValidFilters(filters);
  return filters;
}

// jsonb rejects \u0000, and Prisma rejects lone surrogates (they have no UTF-8 encoding).
const unstorableText = /[\0\p{Cs}]/u;

/**
 * Why details cannot be stored, if they cannot. Walked with an explicit stack: a body nested thousands deep
 * fits in the body limit and would exhaust the call stack of JSON.stringify (and of canonicalJson).
 */
function unstorable(details: Record<string, unknown>): string | undefined {
  const pending: [unknown, number][] = [[details, 1]];
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [value, depth] = next;
    if (typeof value === "string" && unstorableText.test(value))
      return "Audit details may not contain NUL characters or unpaired surrogates";
    if (value === null || typeof value !== "object") continue;
    if (depth > MAX_DETAILS_DEPTH) return `Audit details may nest at most ${MAX_DETAILS_DEPTH} levels deep`;
    for (const [key, child] of Object.entries(value)) pending.push([key, depth], [child, depth + 1]);
  }
  return undefined;
}

/** Details are bounded in depth and in bytes as stored, and must be storable at all. */
function checkDetails(details: Record<string, unknown>): void {
  const reason = unstorable(details);
  if (reason) throw invalid("SKP_AUDIT_INVALID_DETAILS", reason);
  const text = JSON.stringify(details);
  if (Buffer.byteLength(text, "utf8") > MAX_DETAILS_BYTES)
    throw invalid(
      "SKP_AUDIT_DETAILS_TOO_LARGE",
      `Audit details may be at most ${MAX_DETAILS_BYTES} bytes of JSON`,
      {
        maxBytes: MAX_DETAILS_BYTES,
      },
    );
}

function internalRoutes(app: FastifyInstance): void {
  app.withTypeProvider<TypeBoxTypeProvider>().post(
    "/v1/internal/audit-events",
    {
      // The posted event is the record; auditing the post itself would log every event twice.
      config: { access: { internal: true }, audit: false },
      bodyLimit: 64 * 1024,
      schema: {
        tags: ["audit"],
        summary: "Append an event from a workflow, the operator or the platform",
        security: [{ bearer: [] }],
        body: internalEventBody,
        response: { 201: appendedSchema },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const details = body.details ?? {};
      checkDetails(details);
      const principal = request.principal;
      const appended = await app.audit.append({
        actorType: body.actorType,
        actorId: body.actorId ?? (principal?.kind === "service" ? principal.name : null),
        action: body.action,
        targetType: body.target?.type ?? null,
        targetId: body.target?.id ?? null,
        requestId: String(request.id),
        ip: request.ip,
        outcome: body.outcome,
        details,
      });
      return reply.code(201).send({
        id: appended.id.toString(),
        occurredAt: appended.occurredAt.toISOString(),
        hash: appended.hash,
      });
    },
  );
}

function readRoutes(app: FastifyInstance): void {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  typed.get(
    "/v1/audit/events",
    {
      config: auditors,
      schema: {
        tags: ["audit"],
        summary: "List audit events, newest first unless order=asc; pages follow nextCursor",
        security: [{ bearer: [] }],
        querystring: listQuery,
        response: { 200: pageSchema },
      },
    },
    async (request) =>
      listAuditEvents(app.prisma, {
        filters: filtersOf(request.query),
        order: request.query.order ?? "desc",
        limit: request.query.limit ?? DEFAULT_PAGE_SIZE,
        ...(request.query.cursor !== undefined ? { cursor: request.query.cursor } : {}),
      }),
  );

  typed.get(
    "/v1/audit/export",
    {
      config: auditors,
      schema: {
        tags: ["audit"],
        summary: "Stream matching audit events as NDJSON or CSV (oldest first unless order=desc)",
        security: [{ bearer: [] }],
        querystring: exportQuery,
        response: { 200: exportResponse },
      },
    },
    async (request, reply) => {
      const filters = filtersOf(request.query);
      const format = request.query.format ?? "ndjson";
      // Reading the whole trail out is itself recorded, before a byte leaves: no record, no export.
      await app.audit.append({
        actorType: "user",
        actorId: userOf(request)?.userId ?? null,
        action: "audit.export",
        requestId: String(request.id),
        ip: request.ip,
        outcome: "success",
        details: { format, filters: request.query },
      });
      const events = streamAuditEvents(app.prisma, filters, request.query.order ?? "asc");
      const stamp = new Date().toISOString().replaceAll(":", "-");
      return reply
        .type(exportContentTypes[format])
        .header("content-disposition", `attachment; filename="audit-events-${stamp}.${format}"`)
        .header("cache-control", "no-store")
        .send(Readable.from(exportLines(events, format)));
    },
  );

  typed.get(
    "/v1/audit/verify",
    {
      config: auditors,
      schema: {
        tags: ["audit"],
        summary: "Recompute the hash chain from the latest checkpoint and check checkpoint signatures",
        security: [{ bearer: [] }],
        response: { 200: verifySchema },
      },
    },
    async () => verifyAuditChain(app.prisma, app.auditSigner),
  );

  typed.get(
    "/v1/audit/signing-key",
    {
      config: auditors,
      schema: {
        tags: ["audit"],
        summary: "The public key (JWKS) that verifies audit checkpoint signatures",
        security: [{ bearer: [] }],
        response: { 200: jwksSchema },
      },
    },
    () => ({ keys: [app.auditSigner.publicJwk] }),
  );
}

/** The audit trail's API: services append, admins and auditors read, export and verify. */
export async function auditRoutes(app: FastifyInstance): Promise<void> {
  internalRoutes(app);
  readRoutes(app);
  return Promise.resolve();
}
