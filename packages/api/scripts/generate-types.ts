// `npm run generate -w @skillpod/api`: rewrites src/generated/crd-types.ts from crds/*.yaml.
// generated-types.test.ts fails until this has been run after a CRD change.
import { mkdir, writeFile } from "node:fs/promises";
import { dirname, relative } from "node:path";
import { crdDirectory, generateCrdTypes, generatedTypesFile } from "../src/crd-codegen.js";

await mkdir(dirname(generatedTypesFile), { recursive: true });
await writeFile(generatedTypesFile, await generateCrdTypes(crdDirectory));
console.log(`Wrote ${relative(process.cwd(), generatedTypesFile)}`);
