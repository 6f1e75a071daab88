import { AjvCompiler } from "@fastify/ajv-compiler";
import { SerializerSelector } from "@fastify/fast-json-stringify-compiler";
import type { FastifyServerOptions } from "fastify";

type Factories = NonNullable<NonNullable<FastifyServerOptions["schemaController"]>["compilersFactory"]>;
type BuildOptions = { customOptions?: Record<string, unknown> };
type RouteDefinition = { httpPart?: string; schema?: unknown };
type Compile = (route: RouteDefinition) => unknown;

const coercing = AjvCompiler();
const strict = AjvCompiler();

/**
 * Query strings, path parameters and headers arrive as text, so their validator coerces ("20" → 20); a JSON
 * body already has types, and coercing it would accept what the schema refuses (null → "", "false" → false,
 * 3 → "3"): bodies are validated exactly as the OpenAPI document describes them. Same ajv options otherwise,
 * shared schemas included (one pooled compiler each per set of schemas, as Fastify's default does). With a
 * custom compiler Fastify no longer lower-cases header schemas: name headers in lower case there.
 */
const buildValidator = ((externalSchemas: Record<string, object>, options: BuildOptions) => {
  const build = (factory: typeof coercing, customOptions: Record<string, unknown>): Compile =>
    factory(externalSchemas, { ...options, customOptions });
  const texts = build(coercing, options.customOptions ?? {});
  const bodies = build(strict, { ...options.customOptions, coerceTypes: false });
  return (route: RouteDefinition) =>
    route.httpPart === "body" ? bodies(route) : finiteOnly(texts(route) as Validate);
}) as unknown as Factories["buildValidator"];

type Issue = { instancePath: string; keyword: string; message: string; params: Record<string, unknown> };
type Validate = ((data: unknown) => boolean) & { errors?: Issue[] | null };

/**
 * ajv coerces "1e309" or "Infinity" in a query string to Infinity and then checks minimum/maximum only for
 * finite numbers, so a bounded parameter could arrive unbounded (a 500 further down). Every text part's
 * validator also refuses non-finite numbers, as the 400 a schema violation gets.
 */
function finiteOnly(validate: Validate): Validate {
  const checked: Validate = (data) => {
    if (!validate(data)) {
      checked.errors = validate.errors ?? null;
      return false;
    }
    const values = data && typeof data === "object" ? Object.entries(data) : [];
    const infinite = values.filter(([, v]) => typeof v === "number" && !Number.isFinite(v));
    checked.errors = infinite.map(([field]) => ({
      instancePath: `/${field}`,
      keyword: "finite",
      message: "must be a finite number",
      params: {},
    }));
    return infinite.length === 0;
  };
  return checked;
}

const serializers = SerializerSelector();

/**
 * fast-json-stringify compiles each response schema of each route, and every route declares the same
 * problem+json schema for a dozen error statuses (see response-documentation.ts): one serializer per schema
 * object, reused, instead of hundreds of identical compilations at start.
 */
const buildSerializer = ((externalSchemas: unknown, options: object) => {
  const compile = serializers(externalSchemas, options);
  const compiled = new WeakMap<object, ReturnType<typeof compile>>();
  return (route: Parameters<typeof compile>[0]) => {
    const schema = route.schema;
    if (!schema || typeof schema !== "object") return compile(route);
    const serializer = compiled.get(schema) ?? compile(route);
    compiled.set(schema, serializer);
    return serializer;
  };
}) as unknown as Factories["buildSerializer"];

/** For Fastify's `schemaController` option. */
export const schemaController: FastifyServerOptions["schemaController"] = {
  compilersFactory: { buildValidator, buildSerializer },
};
