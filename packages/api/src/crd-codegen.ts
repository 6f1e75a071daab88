// Turns the CRDs' structural schemas into TypeScript so the YAML stays the one source of truth for the API.
// Kept out of index.ts: it is build tooling (js-yaml, prettier), not part of the API the operator imports.
import { loadAll } from "js-yaml";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { format, resolveConfig } from "prettier";

/** The part of a CRD's structural OpenAPI v3 schema that has a TypeScript counterpart. */
export interface CrdSchema {
  type?: string;
  description?: string;
  format?: string;
  enum?: unknown[];
  default?: unknown;
  required?: string[];
  properties?: Record<string, CrdSchema>;
  additionalProperties?: CrdSchema | boolean;
  items?: CrdSchema;
  "x-kubernetes-int-or-string"?: boolean;
}

interface CrdVersion {
  name: string;
  storage?: boolean;
  schema?: { openAPIV3Schema?: CrdSchema };
}

interface CrdDocument {
  kind?: string;
  spec?: {
    group: string;
    scope: "Namespaced" | "Cluster";
    names: { kind: string; listKind?: string };
    versions: CrdVersion[];
  };
}

export const crdDirectory: string = fileURLToPath(new URL("../../../crds/", import.meta.url));
export const generatedTypesFile: string = fileURLToPath(new URL("./generated/crd-types.ts", import.meta.url));

const header = [
  "// generated from crds/*.yaml by packages/api/scripts/generate-types.ts — do not edit",
  'import type { V1ListMeta, V1ObjectMeta } from "@kubernetes/client-node";',
].join("\n");

// Kubernetes' own fields, typed by @kubernetes/client-node rather than by the CRD (which leaves them open).
const envelopeFields = new Set(["apiVersion", "kind", "metadata"]);

const scalarTypes: Record<string, string> = {
  string: "string",
  integer: "number",
  number: "number",
  boolean: "boolean",
};

// The sizes and widths of integers say nothing a TypeScript reader can use; date-time and the like do.
const uninformativeFormats = new Set(["int32", "int64", "float", "double"]);

/** Collects declarations in reading order: a parent before the types it introduces. */
class Declarations {
  private readonly names = new Set<string>();
  readonly texts: string[] = [];

  /** Reserves the next slot so a parent can be written after its children are named. */
  reserve(name: string): number {
    if (this.names.has(name)) throw new Error(`Two schema nodes map to the type name ${name}`);
    this.names.add(name);
    return this.texts.push("") - 1;
  }

  fill(slot: number, text: string): void {
    this.texts[slot] = text;
  }
}

function pascalCase(key: string): string {
  return key
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]?.toUpperCase() + part.slice(1))
    .join("");
}

function escapeComment(line: string): string {
  return line.replaceAll("*/", "*\\/");
}

function jsDoc(schema: CrdSchema): string {
  const lines = schema.description ? schema.description.trim().split("\n") : [];
  if (schema.format && !uninformativeFormats.has(schema.format)) lines.push(`@format ${schema.format}`);
  if (schema.default !== undefined) lines.push(`@default ${JSON.stringify(schema.default)}`);
  if (lines.length === 0) return "";
  if (lines.length === 1) return `/** ${escapeComment(lines[0] ?? "")} */\n`;
  const body = lines.map((line) => ` * ${escapeComment(line)}`.trimEnd()).join("\n");
  return `/**\n${body}\n */\n`;
}

function propertyKey(key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? key : JSON.stringify(key);
}

// kubectl reads manifests as YAML 1.1, where these unquoted words are booleans, so such an enum value would be
// a trap in every hand-written manifest (DESIGN.md: enum values never spell a YAML 1.1 boolean). True/False
// stay allowed: metav1.Condition needs them and nobody expects them to be strings when unquoted.
const yaml11Booleans = /^(y|yes|n|no|on|off)$/i;

function enumType(schema: CrdSchema, name: string, out: Declarations): string {
  const trap = schema.enum?.find(
    (value): value is string => typeof value === "string" && yaml11Booleans.test(value),
  );
  if (trap !== undefined) throw new Error(`${name}: enum value ${trap} reads as a boolean in YAML 1.1`);
  const slot = out.reserve(name);
  const values = (schema.enum ?? []).map((value) => JSON.stringify(value)).join(" | ");
  out.fill(slot, `${jsDoc({ description: schema.description })}export type ${name} = ${values};`);
  return name;
}

/** One line per property of an object schema, typed and marked optional unless the schema requires it. */
function members(
  schema: CrdSchema,
  parentName: string,
  out: Declarations,
  skip = new Set<string>(),
): string[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {})
    .filter(([key]) => !skip.has(key))
    .map(([key, property]) => {
      const type = typeOf(property, parentName + pascalCase(key), out);
      return `${jsDoc(property)}${propertyKey(key)}${required.has(key) ? "" : "?"}: ${type};`;
    });
}

function interfaceType(schema: CrdSchema, name: string, out: Declarations): string {
  const slot = out.reserve(name);
  const body = members(schema, name, out).join("\n");
  out.fill(slot, `${jsDoc({ description: schema.description })}export interface ${name} {\n${body}\n}`);
  return name;
}

function objectType(schema: CrdSchema, name: string, out: Declarations): string {
  if (schema.properties) return interfaceType(schema, name, out);
  const values = schema.additionalProperties;
  if (typeof values === "object") return `Record<string, ${typeOf(values, `${name}Value`, out)}>`;
  return "Record<string, unknown>";
}

function arrayType(schema: CrdSchema, name: string, out: Declarations): string {
  const item = schema.items ? typeOf(schema.items, `${name}Item`, out) : "unknown";
  return item.includes(" ") ? `(${item})[]` : `${item}[]`;
}

/** The TypeScript type of a schema node; named nodes (objects, enums) become declarations in `out`. */
function typeOf(schema: CrdSchema, name: string, out: Declarations): string {
  if (schema["x-kubernetes-int-or-string"]) return "string | number";
  if (schema.enum) return enumType(schema, name, out);
  if (schema.type === "object") return objectType(schema, name, out);
  if (schema.type === "array") return arrayType(schema, name, out);
  return scalarTypes[schema.type ?? ""] ?? "unknown";
}

function storageVersion(crd: CrdDocument): { group: string; version: CrdVersion; schema: CrdSchema } {
  const spec = crd.spec;
  const version = spec?.versions.find((v) => v.storage) ?? spec?.versions[0];
  const schema = version?.schema?.openAPIV3Schema;
  if (!spec || !version || !schema)
    throw new Error("A CustomResourceDefinition needs a version with a schema");
  return { group: spec.group, version, schema };
}

interface KindNames {
  kind: string;
  listKind: string;
  apiVersion: string;
  scope: string;
}

function kindNames(crd: CrdDocument, group: string, version: CrdVersion): KindNames {
  const kind = crd.spec?.names.kind ?? "";
  return {
    kind,
    listKind: crd.spec?.names.listKind ?? `${kind}List`,
    apiVersion: `${group}/${version.name}`,
    scope: crd.spec?.scope === "Cluster" ? "cluster-scoped" : "namespaced",
  };
}

function listDeclaration({ kind, listKind, apiVersion }: KindNames): string {
  return [
    `/** A page of ${kind} objects, as a list call returns them. */`,
    `export interface ${listKind} {`,
    `apiVersion: ${JSON.stringify(apiVersion)};`,
    `kind: ${JSON.stringify(listKind)};`,
    "metadata: V1ListMeta;",
    `items: ${kind}[];`,
    "}",
  ].join("\n");
}

function emitKind(crd: CrdDocument, out: Declarations): void {
  const { group, version, schema } = storageVersion(crd);
  const names = kindNames(crd, group, version);
  const objectSlot = out.reserve(names.kind);
  out.fill(out.reserve(names.listKind), listDeclaration(names));
  const fields = members(schema, names.kind, out, envelopeFields);
  const object = [
    `/** A ${names.kind} (${names.apiVersion}, ${names.scope}). */`,
    `export interface ${names.kind} {`,
    `apiVersion: ${JSON.stringify(names.apiVersion)};`,
    `kind: ${JSON.stringify(names.kind)};`,
    "metadata: V1ObjectMeta;",
    ...fields,
    "}",
  ];
  out.fill(objectSlot, object.join("\n"));
}

function isCrd(document: unknown): document is CrdDocument {
  return (document as CrdDocument | null)?.kind === "CustomResourceDefinition";
}

/** TypeScript declarations for every CustomResourceDefinition in `yamlTexts`, in order, not yet formatted. */
export function renderCrdTypes(yamlTexts: readonly string[]): string {
  const out = new Declarations();
  for (const text of yamlTexts) {
    for (const document of loadAll(text).filter(isCrd)) emitKind(document, out);
  }
  return `${header}\n\n${out.texts.join("\n\n")}\n`;
}

/** The contents crd-types.ts must have for the CRDs in `directory`, formatted as the repository's prettier would. */
export async function generateCrdTypes(directory: string = crdDirectory): Promise<string> {
  const files = (await readdir(directory)).filter((file) => /\.ya?ml$/.test(file)).sort();
  const texts = await Promise.all(files.map((file) => readFile(join(directory, file), "utf8")));
  const options = await resolveConfig(generatedTypesFile);
  return format(renderCrdTypes(texts), { ...options, filepath: generatedTypesFile });
}
