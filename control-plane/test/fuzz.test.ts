// Fuzzing every operation in the app's own OpenAPI document with fast-check: requests built from each
// operation's schemas, then broken — wrong types, 1 MB+ strings, odd unicode (NUL, lone surrogates, RTL
// overrides, emoji), missing and extra fields, broken JSON, wrong content types, absurd query parameters,
// path tricks, forged credentials — sent as anonymous callers, a freelancer, an admin and a platform service.
//
// Two passes: a deterministic sweep of every known-hostile value through every body field and query
// parameter, then RUNS_PER_OPERATION random requests per operation. Properties, for every response: never a
// 5xx (the failing request is printed); every 4xx is application/problem+json with an SKP_ code; a validation
// error lists its fields, and names the one the request broke. Afterwards the audit chain the fuzzing wrote
// to still verifies: what the API accepted, it could store and hash back. Runs on a database of its own, so
// fuzzed accounts and events stay there.
//
// Random seeds: each run explores new inputs. A failure prints fast-check's seed and path; replay it by
// adding them to the fc.check options in fuzz() (`{ seed, path }`).
import fc from "fast-check";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp } from "../src/index.js";
import { createMigratedDatabase, dropDatabase, type ScratchDatabase } from "./audit-database.js";
import { internalToken, testConfig } from "./app-harness.js";
import { dropKeysUnder, rateLimitNamespace, signUp, type SignedIn } from "./callers.js";

// FUZZ_RUNS=2000 for a deeper local hunt; 100 keeps the suite's share well under a minute.
const RUNS_PER_OPERATION = Number(process.env.FUZZ_RUNS ?? 100);
const MB = 1024 * 1024;

type JsonSchema = {
  type?: string;
  format?: string;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  default?: unknown;
  items?: JsonSchema;
  minItems?: number;
};
type Parameter = {
  name: string;
  in: "query" | "path" | "header" | "cookie";
  required?: boolean;
  schema: JsonSchema;
};
type Operation = { method: string; path: string; body?: JsonSchema; parameters: Parameter[]; key: string };
type OpenApi = {
  paths: Record<
    string,
    Record<
      string,
      { parameters?: Parameter[]; requestBody?: { content?: Record<string, { schema: JsonSchema }> } }
    >
  >;
};

function operationsOf(spec: OpenApi): Operation[] {
  return Object.entries(spec.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => {
      const body = operation.requestBody?.content?.["application/json"]?.schema;
      return {
        method: method.toUpperCase(),
        path,
        parameters: operation.parameters ?? [],
        ...(body ? { body } : {}),
        key: `${method.toUpperCase()} ${path}`,
      };
    }),
  );
}

// ---------------------------------------------------------------------------------------------------------
// Valid values from a schema: the starting point every mutation breaks one thing of.

const candidates = [
  "sample",
  "123456",
  "sample-value",
  "a",
  "USD",
  "US",
  "https://example.com/sample",
  "Europe/Paris",
];

function sampleString(schema: JsonSchema): string {
  if (schema.format === "email") return `fuzz-${randomUUID()}@fuzz.test`;
  if (schema.format === "date-time") return new Date().toISOString();
  if (schema.format === "uuid") return randomUUID();
  const min = schema.minLength ?? 0;
  const fits = (value: string): boolean =>
    value.length <= (schema.maxLength ?? Infinity) &&
    (schema.pattern === undefined || new RegExp(schema.pattern, "u").test(value));
  const found = candidates.map((c) => c.padEnd(min, "x")).find(fits);
  if (found === undefined) throw new Error(`no sample for ${JSON.stringify(schema)}: add a candidate`);
  return found;
}

function sampleOf(schema: JsonSchema): unknown {
  if (schema.const !== undefined) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.anyOf) return sampleOf(schema.anyOf.find((s) => s.type !== "null") ?? schema.anyOf[0]!);
  switch (schema.type) {
    case "string":
      return sampleString(schema);
    case "integer":
    case "number":
      return schema.default ?? schema.minimum ?? 1;
    case "boolean":
      return true;
    case "array":
      // As few items as the schema takes (a proposal has at least one milestone).
      return Array.from({ length: schema.minItems ?? 0 }, () => sampleOf(schema.items ?? {}));
    case "object":
      return Object.fromEntries(
        Object.entries(schema.properties ?? {}).map(([name, property]) => [name, sampleOf(property)]),
      );
    default:
      return "sample";
  }
}

type Field = { path: string[]; schema: JsonSchema; required: boolean };

/** Every property of the body, nested objects included ("target.id"). */
function fieldsOf(schema: JsonSchema, prefix: string[] = []): Field[] {
  return Object.entries(schema.properties ?? {}).flatMap(([name, property]) => {
    const field = {
      path: [...prefix, name],
      schema: property,
      required: schema.required?.includes(name) ?? false,
    };
    return property.type === "object" && property.properties
      ? [field, ...fieldsOf(property, field.path)]
      : [field];
  });
}

/** The body's objects (the root, "target"…) and whether each refuses properties it does not declare. */
function objectsOf(schema: JsonSchema): { path: string[]; closed: boolean }[] {
  const nested = fieldsOf(schema)
    .filter((f) => f.schema.type === "object")
    .map((f) => ({ path: f.path, closed: f.schema.additionalProperties === false }));
  return [{ path: [], closed: schema.additionalProperties === false }, ...nested];
}

// ---------------------------------------------------------------------------------------------------------
// Hostile values.

const oddStrings = [
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff",
  "x\ud83dy",
  "\ude00\ud83d",
  "\u202eevil\u202c",
  "\u2066rtl\u2069",
  "😀",
  "👩‍👩‍👧‍👦",
  "🏳️‍🌈",
  "\ufeff",
  "\uffff",
  "\ufffd",
  "\u0085",
  "\u2028\u2029",
  "e\u0301\u0301\u0301",
  "İ",
  "ß",
  "\u001b[31mred\u001b[0m",
  "\r\nX-Injected: 1",
  "\t",
  " ",
  "",
  "'; DROP TABLE users; --",
  "${jndi:ldap://x}",
  "{{7*7}}",
  "../../etc/passwd",
  "<script>alert(1)</script>",
  "%00",
  "null",
  "__proto__",
];

const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((c) => String.fromCharCode(c));
const oddUnit = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: loneSurrogate },
  { weight: 1, arbitrary: fc.constantFrom(...oddStrings) },
);
const oddString = fc.oneof(
  fc.constantFrom(...oddStrings),
  fc.string({ unit: oddUnit, maxLength: 24 }),
  fc.tuple(fc.constantFrom(...oddStrings), fc.string({ maxLength: 8 })).map(([a, b]) => `${b}${a}${b}`),
);

/** 1 MB and more (over the body limit), and sizes just past the schema limits and the internal 64 KiB one. */
const hugeString = fc
  .tuple(
    fc.constantFrom(MB + 1, 2 * MB, 70_000, 20_000, 1025, 255),
    fc.constantFrom("a", "😀", "\u0000", "é", "\ud800"),
  )
  .map(([length, unit]) => unit.repeat(Math.ceil(length / unit.length)));

const wrongType = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.constantFrom(1e308, -1e308, 2 ** 53 + 1, -0, 5e-324, Number.MAX_SAFE_INTEGER),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 3 }),
);

const formatEdges: Record<string, string[]> = {
  email: [
    "a@b",
    "a@b.c",
    '"quoted"@x.io',
    "a@[127.0.0.1]",
    "A+tag@X.IO",
    "ａ@x.io",
    "a@xn--80ak6aa92e.com",
    "@x.io",
    "a@",
    "a@@x.io",
    `${"a".repeat(64)}@${"b".repeat(185)}.io`,
  ],
  "date-time": [
    "2016-12-31T23:59:60Z",
    "0000-01-01T00:00:00+23:59",
    "9999-12-31T23:59:59-23:59",
    "2024-02-30T00:00:00Z",
    "2024-01-01t00:00:00z",
    "2024-01-01T00:00:00.123456789Z",
    "1970-01-01T00:00:00+00:00",
    "2024-01-01",
    "+275760-09-13T00:00:00Z",
  ],
  uuid: ["00000000-0000-0000-0000-000000000000", "ffffffff-ffff-ffff-ffff-ffffffffffff", "not-a-uuid"],
};

/** Values for one field: anything hostile, plus the edges of its own format and length. */
function hostileFor(schema: JsonSchema): fc.Arbitrary<unknown> {
  const edges = [
    ...(formatEdges[schema.format ?? ""] ?? []),
    ...(schema.maxLength !== undefined
      ? ["x".repeat(schema.maxLength), "x".repeat(schema.maxLength + 1)]
      : []),
    ...(schema.enum ?? []).map((v) => (typeof v === "string" ? v.toLowerCase() : v)),
  ];
  return fc.oneof(
    { weight: 3, arbitrary: oddString },
    { weight: 2, arbitrary: wrongType },
    { weight: 1, arbitrary: hugeString },
    ...(edges.length > 0 ? [{ weight: 2, arbitrary: fc.constantFrom(...edges) }] : []),
  );
}

const extraName = fc.oneof(
  fc.constantFrom(
    "__proto__",
    "constructor",
    "prototype",
    "role",
    "roles",
    "isAdmin",
    "id",
    "$where",
    "userId",
  ),
  fc.string({ unit: "grapheme-ascii", minLength: 1, maxLength: 12 }),
  oddString,
);

/** Bodies that are not JSON, or not the JSON anyone expects. */
const brokenBody = fc.oneof(
  fc.constantFrom(
    "",
    "{",
    "}",
    "[",
    '{"',
    '{"a":}',
    '{"a" 1}',
    "nul",
    "tru",
    "[1,]",
    "{,}",
    "'single'",
    "{'a':1}",
    "\u0000",
    "\ufeff{}",
    "{}\u0000",
    "{} {}",
    "{}garbage",
    "NaN",
    "Infinity",
    "-",
    "1e400",
    '{"a":1e400}',
    '{"__proto__":{"isAdmin":true}}',
    '{"constructor":{"prototype":{"isAdmin":true}}}',
    '{"a":"\\ud800"}',
    '{"a":"\\u0000"}',
    '{"a":"\\x00"}',
    `"${"a".repeat(MB + 10)}"`,
    "[".repeat(200_000) + "]".repeat(200_000),
    '{"a":'.repeat(100_000) + "1" + "}".repeat(100_000),
  ),
  fc.string({ unit: "binary", maxLength: 64 }),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? "null"),
);

const contentTypes = [
  "text/plain",
  "text/plain; charset=utf-8",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=----fuzz",
  "application/xml",
  "application/json; charset=utf-16",
  "application/json; charset=latin1",
  "APPLICATION/JSON",
  "application/json;",
  "application/json;;;",
  "application/jsonx",
  "application/json-patch+json",
  "application/vnd.api+json",
  "*/*",
  "",
  " ",
  "application/octet-stream",
  "application",
  "/",
  "application/json, text/plain",
  "image/png",
];

/** Percent-encodes every UTF-8 byte: lone surrogates become U+FFFD's bytes instead of throwing. */
function encode(value: string): string {
  return [...Buffer.from(value, "utf8")].map((b) => `%${b.toString(16).padStart(2, "0")}`).join("");
}

/** Raw query values (already in URL form), many of them not valid encodings at all. */
const absurdQueryValues = [
  "1e309",
  "Infinity",
  "-Infinity",
  "NaN",
  "-0",
  "0x10",
  "1.5",
  "-1",
  "0",
  "201",
  "9".repeat(400),
  "",
  "%00",
  "%ZZ",
  "%",
  "%C0%AF",
  "%ED%A0%80",
  "%F0%9F%98%80",
  "%E2%80%AE",
  "a".repeat(MB + 10),
  "true",
  "null",
  "[]",
  "{}",
  "a[b]=c",
  "asc",
  "desc",
  "ndjson",
  "csv",
];
const absurdQueryValue = fc.oneof(
  fc.constantFrom(...absurdQueryValues),
  fc.constantFrom(...formatEdges["date-time"]!, ...formatEdges.email!).map(encode),
  oddString.map(encode),
  fc.string({ unit: "binary-ascii", maxLength: 16 }).map(encode),
);

const pathTricks = [
  "/..",
  "/../",
  "/%2e%2e/",
  "%2F..%2F",
  "//",
  "/./",
  "%00",
  "%ZZ",
  ";x=1",
  "/",
  "%20",
  "\\",
  "/%C0%AE%C0%AE/",
  "%E2%80%AE",
  "/ｍｅ",
  "/*",
  "#frag",
  "?",
  "a/".repeat(2000),
  "%",
];

// ---------------------------------------------------------------------------------------------------------
// Requests.

const identities = ["anonymous", "freelancer", "admin", "service", "forged"] as const;
type Identity = (typeof identities)[number];

type Draft = {
  kind: string;
  method: string;
  pathname: string;
  query: [string, string][];
  headers: Record<string, string>;
  body: unknown;
  raw?: string;
  /** The field a validation error must name, when the mutation broke exactly one. */
  field?: string;
};

type Mutation = (draft: Draft) => void;

const forgedTokens = fc.oneof(
  fc.constantFrom(
    "Bearer",
    "Bearer ",
    "bearer abc",
    "Basic Zm9vOmJhcg==",
    "Bearer a.b.c",
    `Bearer ${internalToken} `,
    `Bearer ${internalToken}x`,
    `Bearer ${internalToken.toUpperCase()}`,
    `Bearer ${Buffer.from('{"alg":"none","typ":"at+jwt"}').toString("base64url")}.${Buffer.from('{"sub":"x","roles":["admin"]}').toString("base64url")}.`,
    `Bearer ${"A".repeat(MB + 10)}`,
  ),
  fc.string({ unit: "grapheme-ascii", maxLength: 40 }).map((s) => `Bearer ${s}`),
);

function setAt(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target;
  for (const key of path.slice(0, -1)) {
    if (typeof node[key] !== "object" || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  // defineProperty, not assignment: a "__proto__" key must become an own property that JSON carries.
  Object.defineProperty(node, path.at(-1)!, { value, enumerable: true, writable: true, configurable: true });
}

function deleteAt(target: Record<string, unknown>, path: string[]): void {
  const parent = path
    .slice(0, -1)
    .reduce<unknown>((node, key) => (node as Record<string, unknown>)?.[key], target);
  if (parent && typeof parent === "object") delete (parent as Record<string, unknown>)[path.at(-1)!];
}

const asObject = (body: unknown): Record<string, unknown> =>
  body && typeof body === "object" && !Array.isArray(body) ? (body as Record<string, unknown>) : {};

/** A name a validation error can be expected to carry verbatim (decoded and mapped like the error handler). */
const nameable = (name: string): boolean => /^[A-Za-z0-9_$-]+$/.test(name);

function bodyMutations(op: Operation): fc.Arbitrary<Mutation>[] {
  if (!op.body) return [];
  const body = op.body;
  const fields = fieldsOf(body);
  const required = fields.filter((f) => f.required);
  const mutations: fc.Arbitrary<Mutation>[] = [];
  if (fields.length > 0)
    mutations.push(
      fc
        .constantFrom(...fields)
        .chain((field) => hostileFor(field.schema).map((value) => ({ field, value })))
        .map(({ field, value }) => (draft) => {
          draft.kind = `field ${field.path.join(".")}`;
          setAt(asObject(draft.body), field.path, value);
          draft.field = field.path.join(".");
        }),
    );
  if (required.length > 0)
    mutations.push(
      fc.constantFrom(...required).map((field) => (draft) => {
        draft.kind = `missing ${field.path.join(".")}`;
        deleteAt(asObject(draft.body), field.path);
        draft.field = field.path.join(".");
      }),
    );
  mutations.push(
    fc
      .tuple(fc.constantFrom(...objectsOf(body)), extraName, fc.jsonValue({ maxDepth: 2 }))
      .map(([object, name, value]) => (draft) => {
        draft.kind = `extra ${[...object.path, name].join(".")}`;
        setAt(asObject(draft.body), [...object.path, name], value);
        if (object.closed && nameable(name) && name !== "__proto__")
          draft.field = [...object.path, name].join(".");
      }),
    fc.oneof(wrongType, oddString, fc.constant([])).map((value) => (draft) => {
      draft.kind = "body replaced";
      draft.body = value;
      if (typeof value !== "object" || value === null || Array.isArray(value)) draft.field = "(body)";
    }),
  );
  return mutations;
}

function queryMutations(op: Operation): fc.Arbitrary<Mutation>[] {
  const declared = op.parameters.filter((p) => p.in === "query").map((p) => p.name);
  const name = fc.oneof(
    ...(declared.length > 0 ? [{ weight: 3, arbitrary: fc.constantFrom(...declared) }] : []),
    { weight: 1, arbitrary: extraName },
  );
  const pair = fc.tuple(name, absurdQueryValue);
  return [
    fc.array(pair, { minLength: 1, maxLength: 3 }).map((pairs) => (draft) => {
      draft.kind = `query ${pairs.map(([n]) => n).join(",")}`;
      draft.query.push(...pairs.map(([n, v]): [string, string] => [encode(n), v]));
      const names = new Set(pairs.map(([n]) => n));
      const [only] = names;
      if (names.size === 1 && only !== undefined && nameable(only)) draft.field = only;
    }),
    fc.integer({ min: 1000, max: 5000 }).map((count) => (draft) => {
      draft.kind = `${count} query parameters`;
      for (let i = 0; i < count; i += 1) draft.query.push([`p${i}`, String(i)]);
    }),
  ];
}

function transportMutations(op: Operation): fc.Arbitrary<Mutation>[] {
  return [
    brokenBody.map((raw) => (draft) => {
      draft.kind = "broken body";
      draft.raw = raw;
    }),
    fc.tuple(fc.constantFrom(...contentTypes), fc.boolean()).map(([type, form]) => (draft) => {
      draft.kind = `content-type ${JSON.stringify(type)}`;
      draft.headers["content-type"] = type;
      if (form) draft.raw = "email=a%40b.io&password=x";
    }),
    fc.constantFrom(...pathTricks).chain((trick) =>
      fc.nat({ max: op.path.length }).map((at) => (draft: Draft) => {
        draft.kind = `path ${JSON.stringify(trick)} at ${at}`;
        draft.pathname = `${draft.pathname.slice(0, at)}${trick}${draft.pathname.slice(at)}`;
      }),
    ),
    fc.constantFrom("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS").map((method) => (draft) => {
      draft.kind = `method ${method}`;
      draft.method = method;
    }),
    fc
      .oneof(
        fc.constantFrom(...oddStrings),
        fc.string({ unit: "binary-ascii", maxLength: 64 }),
        fc.constant("x".repeat(MB)),
      )
      .map((value) => (draft) => {
        draft.kind = "cookie";
        draft.headers.cookie = `skp_refresh=${latin1(value)}; other=${latin1(value)}`;
      }),
  ];
}

/** Header values must be latin1 without line breaks, or the request cannot even be written. */
function latin1(value: string): string {
  return value.replace(/[^\x20-\x7e\x80-\xff]/g, "?");
}

type Callers = { freelancer: SignedIn; admin: SignedIn };

function authorizationOf(identity: Identity, callers: Callers, forged: string): string | undefined {
  if (identity === "freelancer") return callers.freelancer.headers.authorization;
  if (identity === "admin") return callers.admin.headers.authorization;
  if (identity === "service") return `Bearer ${internalToken}`;
  return identity === "forged" ? latin1(forged) : undefined;
}

/** The path with each {param} filled: a sample of its schema, or a hostile value. */
function pathOf(op: Operation, hostile: string | undefined): string {
  return op.path.replace(/\{(\w+)\}/g, (_match, name: string) => {
    const parameter = op.parameters.find((p) => p.in === "path" && p.name === name);
    return hostile ?? encodeURIComponent(String(sampleOf(parameter?.schema ?? { type: "string" })));
  });
}

function baseDraft(op: Operation): Draft {
  const required = op.parameters.filter((p) => p.in === "query" && p.required);
  return {
    kind: "valid",
    method: op.method,
    pathname: pathOf(op, undefined),
    query: required.map((p) => [p.name, encodeURIComponent(String(sampleOf(p.schema)))]),
    headers: {},
    body: op.body ? sampleOf(op.body) : undefined,
  };
}

type FuzzRequest = { identity: Identity; draft: Draft; options: InjectOptions };

function requestArb(
  op: Operation,
  weights: Record<Identity, number>,
  callers: Callers,
): fc.Arbitrary<FuzzRequest> {
  const mutations = [...bodyMutations(op), ...queryMutations(op), ...transportMutations(op)];
  const hostileParam = fc.option(fc.oneof(fc.constantFrom(...pathTricks), oddString.map(encode)), {
    freq: 3,
  });
  return fc
    .record({
      identity: fc.oneof(...identities.map((id) => ({ weight: weights[id], arbitrary: fc.constant(id) }))),
      forged: forgedTokens,
      mutation: fc.option(fc.oneof(...mutations), { freq: 8 }),
      param: op.path.includes("{") ? hostileParam : fc.constant(null),
    })
    .map(({ identity, forged, mutation, param }) => {
      const draft = baseDraft(op);
      if (param !== null) {
        draft.pathname = pathOf(op, param);
        draft.kind = `path parameter ${JSON.stringify(param)}`;
      }
      mutation?.(draft);
      // Two faults (a hostile path parameter and a broken field): the 400 may name either one.
      if (param !== null) delete draft.field;
      return { identity, draft, options: optionsOf(draft, authorizationOf(identity, callers, forged)) };
    });
}

function optionsOf(draft: Draft, authorization: string | undefined): InjectOptions {
  const payload = draft.raw ?? (draft.body === undefined ? undefined : JSON.stringify(draft.body));
  const query = draft.query.map(([name, value]) => `${name}=${value}`).join("&");
  const headers: Record<string, string> = {
    ...(payload !== undefined ? { "content-type": "application/json" } : {}),
    ...draft.headers,
    ...(authorization !== undefined ? { authorization } : {}),
  };
  return {
    method: draft.method,
    url: query ? `${draft.pathname}?${query}` : draft.pathname,
    headers,
    ...(payload !== undefined ? { payload } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Checks.

const clip = (text: string, max = 300): string =>
  text.length > max ? `${text.slice(0, max)}… (${text.length} chars)` : text;

function describeRequest(request: FuzzRequest): string {
  const { options, draft, identity } = request;
  const headers = Object.fromEntries(
    Object.entries(options.headers ?? {}).map(([k, v]) => [k, clip(String(v), 120)]),
  );
  return [
    `  mutation: ${draft.kind}, as ${identity}`,
    `  ${String(options.method)} ${clip(typeof options.url === "string" ? options.url : JSON.stringify(options.url))}`,
    `  headers: ${JSON.stringify(headers)}`,
    `  payload: ${options.payload === undefined ? "(none)" : clip(JSON.stringify(options.payload))}`,
  ].join("\n");
}

type ProblemBody = { status?: number; code?: unknown; errors?: { field?: unknown; message?: unknown }[] };

/** What is wrong with the response, or undefined. */
function verdict(request: FuzzRequest, response: LightMyRequestResponse): string | undefined {
  const status = response.statusCode;
  if (status >= 500) return `${status} ${clip(response.body)}`;
  if (status < 400 || request.options.method === "HEAD") return undefined;
  if (!/^application\/problem\+json/.test(String(response.headers["content-type"])))
    return `${status} is ${String(response.headers["content-type"])}, not problem+json: ${clip(response.body)}`;
  let body: ProblemBody;
  try {
    body = response.json<ProblemBody>();
  } catch {
    return `${status} problem+json that is not JSON: ${clip(response.body)}`;
  }
  if (typeof body.code !== "string" || !/^SKP_[A-Z0-9_]+$/.test(body.code) || body.status !== status)
    return `${status} problem without a proper code/status: ${clip(response.body)}`;
  return body.code === "SKP_VALIDATION_FAILED" ? validationVerdict(request, body) : undefined;
}

function validationVerdict(request: FuzzRequest, body: ProblemBody): string | undefined {
  const errors = body.errors ?? [];
  const malformed = errors.some(
    (e) => typeof e.field !== "string" || e.field === "" || typeof e.message !== "string",
  );
  if (errors.length === 0 || malformed)
    return `validation problem without named fields: ${clip(JSON.stringify(body))}`;
  const expected = request.draft.field;
  const names = (field: unknown): boolean =>
    field === expected || (typeof field === "string" && field.startsWith(`${expected}.`));
  if (expected !== undefined && !errors.some((e) => names(e.field)))
    return `validation problem does not name ${expected}: ${clip(JSON.stringify(errors))}`;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------

const namespace = rateLimitNamespace("fuzz");
let database: ScratchDatabase;
let app: FastifyInstance;
let callers: Callers;
let operations: Operation[];

beforeAll(async () => {
  database = await createMigratedDatabase();
  app = await buildApp(
    testConfig({
      APP_DATABASE_URL: database.appUrl,
      AUDIT_SIGNING_KEY: generateKeyPairSync("ed25519")
        .privateKey.export({ type: "pkcs8", format: "pem" })
        .toString(),
      // 429s would hide what the routes do with the input.
      RATE_LIMIT_NAMESPACE: namespace,
      RATE_LIMIT_PUBLIC_PER_MINUTE: "1000000",
      RATE_LIMIT_DEFAULT_PER_MINUTE: "1000000",
      RATE_LIMIT_AUTHENTICATED_PER_MINUTE: "1000000",
      RATE_LIMIT_LOGIN_PER_MINUTE: "1000000",
    }),
  );
  await app.ready();
  const [freelancer, admin] = await Promise.all([
    signUp(app, "freelancer", database.ownerUrl),
    signUp(app, "admin", database.ownerUrl),
  ]);
  callers = { freelancer, admin };
  operations = operationsOf((await app.inject({ url: "/docs/openapi.json" })).json<OpenApi>());
});

afterAll(async () => {
  if (app) await dropKeysUnder(app.redis, namespace);
  await app?.close();
  if (database) await dropDatabase(database);
});

/** Identities that get past the operation's access check weigh more: their requests reach validation. */
async function weightsFor(op: Operation): Promise<Record<Identity, number>> {
  const weights = {} as Record<Identity, number>;
  for (const identity of identities) {
    const options = optionsOf(baseDraft(op), authorizationOf(identity, callers, "Bearer forged"));
    const status = (await app.inject(options)).statusCode;
    weights[identity] = status === 401 || status === 403 ? 1 : 4;
  }
  return weights;
}

async function fuzz(op: Operation): Promise<string | undefined> {
  const weights = await weightsFor(op);
  const started = Date.now();
  const statuses = new Map<number, number>();
  const result = await fc.check(
    fc.asyncProperty(requestArb(op, weights, callers), async (request) => {
      const response = await app.inject(request.options);
      statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
      const problem = verdict(request, response);
      if (problem) throw new Error(`${problem}\n${describeRequest(request)}`);
    }),
    { numRuns: RUNS_PER_OPERATION, endOnFailure: true },
  );
  const seen = [...statuses].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`);
  console.info(
    `fuzz ${op.key}: ${RUNS_PER_OPERATION} runs in ${Date.now() - started} ms (${seen.join(" ")})`,
  );
  if (!result.failed) return undefined;
  const cause =
    result.errorInstance instanceof Error ? result.errorInstance.message : String(result.errorInstance);
  return `${op.key} (seed ${result.seed}, path ${result.counterexamplePath ?? "?"}):\n${cause}`;
}

/** Every known-hostile value in every body field and query parameter, as the most privileged admitted caller. */
async function sweep(op: Operation): Promise<string[]> {
  const weights = await weightsFor(op);
  const identity = (["admin", "service", "freelancer", "anonymous"] as const).find((id) => weights[id] > 1);
  const authorization = authorizationOf(identity ?? "anonymous", callers, "");
  const requests: FuzzRequest[] = [];
  const fieldValues = (schema: JsonSchema): unknown[] => [
    ...oddStrings,
    ...(formatEdges[schema.format ?? ""] ?? []),
    "x".repeat(MB + 1),
    "x".repeat((schema.maxLength ?? 1000) + 1),
    1,
    -0,
    1e308,
    true,
    null,
    [],
    {},
    { nested: { deeper: "\u0000" } },
  ];
  for (const field of op.body ? fieldsOf(op.body) : [])
    for (const value of fieldValues(field.schema)) {
      const draft = baseDraft(op);
      draft.kind = `sweep field ${field.path.join(".")}`;
      setAt(asObject(draft.body), field.path, value);
      draft.field = field.path.join(".");
      requests.push({ identity: identity ?? "anonymous", draft, options: optionsOf(draft, authorization) });
    }
  // Nesting as JSON text (JSON.stringify would overflow here first), under the 64 KiB internal body limit.
  const deep = '{"a":'.repeat(10_000) + "1" + "}".repeat(10_000);
  for (const field of op.body ? fieldsOf(op.body).filter((f) => f.path.length === 1) : []) {
    const draft = baseDraft(op);
    draft.kind = `sweep field ${field.path.join(".")} nested 10 000 deep`;
    setAt(asObject(draft.body), field.path, "__deep__");
    draft.raw = JSON.stringify(draft.body).replace('"__deep__"', deep);
    requests.push({ identity: identity ?? "anonymous", draft, options: optionsOf(draft, authorization) });
  }
  const queryValues = [
    ...absurdQueryValues,
    ...formatEdges["date-time"]!.map(encode),
    ...oddStrings.map(encode),
  ];
  for (const parameter of op.parameters.filter((p) => p.in === "query"))
    for (const value of queryValues) {
      const draft = baseDraft(op);
      draft.kind = `sweep query ${parameter.name}`;
      draft.query.push([parameter.name, value]);
      draft.field = parameter.name;
      requests.push({ identity: identity ?? "anonymous", draft, options: optionsOf(draft, authorization) });
    }
  const failures: string[] = [];
  const started = Date.now();
  for (const request of requests) {
    const problem = verdict(request, await app.inject(request.options));
    if (problem) failures.push(`${op.key}: ${problem}\n${describeRequest(request)}`);
  }
  console.info(`sweep ${op.key}: ${requests.length} requests in ${Date.now() - started} ms`);
  return failures;
}

describe("fuzzing every operation in the OpenAPI document", () => {
  it("reads the operations and builds a valid request for each", async () => {
    expect(operations.length).toBeGreaterThanOrEqual(15);
    for (const op of operations) {
      const options = optionsOf(baseDraft(op), authorizationOf("admin", callers, ""));
      const response = await app.inject(options);
      expect(response.statusCode, `${op.key}: ${response.body}`).toBeLessThan(500);
    }
  });

  // Time limits grow with the API (about a hundred operations now) and a loaded machine: a limit, not a pace.
  it(
    "survives every known-hostile value in every field and query parameter",
    { timeout: 600_000 },
    async () => {
      const failures: string[] = [];
      for (const op of operations) failures.push(...(await sweep(op)));
      if (failures.length > 0) console.error(failures.join("\n\n"));
      expect(failures).toEqual([]);
    },
  );

  it(
    "never answers 5xx, always problem+json with a code, and names the fields it rejects",
    async () => {
      const failures: string[] = [];
      for (const op of operations) {
        const failure = await fuzz(op);
        if (failure) failures.push(failure);
      }
      if (failures.length > 0) console.error(failures.join("\n\n"));
      expect(failures).toEqual([]);
    },
    RUNS_PER_OPERATION * 6_000,
  );

  it("left an audit chain that still verifies, numbers in details included", async () => {
    // Doubles that need 17 significant digits: Prisma's Json input used to round them (0.1 + 0.2 to 0.3), so
    // the stored row no longer matched its hash and verify reported tampering.
    const numbers = { sum: 0.1 + 0.2, big: 24639006912.147953, small: -1.2345678901234566e-7, tiny: 5e-324 };
    const posted = await app.inject({
      method: "POST",
      url: "/v1/internal/audit-events",
      headers: { authorization: `Bearer ${internalToken}` },
      payload: { actorType: "system", action: "fuzz.numbers", outcome: "success", details: numbers },
    });
    expect(posted.statusCode, posted.body).toBe(201);
    const listed = await app.inject({
      url: "/v1/audit/events?action=fuzz.numbers",
      headers: callers.admin.headers,
    });
    expect(listed.json<{ items: { details: unknown }[] }>().items.map((item) => item.details)).toEqual([
      numbers,
    ]);

    const response = await app.inject({ url: "/v1/audit/verify", headers: callers.admin.headers });
    expect(response.statusCode, response.body).toBe(200);
    const verdict = response.json<{ valid: boolean; checked: number }>();
    expect(verdict).toMatchObject({ valid: true });
    expect(verdict.checked).toBeGreaterThan(100);
  });
});
