// Regenerates src/api/generated/schema.ts from the control plane's OpenAPI document (a running API, default the one
// `make dev` starts). portal/test/api-drift.test.ts fails when the committed file and the API differ.
import { writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { schemaSourceOf } from "../src/api/schema-source.js";

// eslint-disable-next-line no-restricted-syntax -- a developer script; its one setting may come from the shell
const apiUrl = process.argv[2] ?? process.env.SKILLPOD_API_URL ?? "http://127.0.0.1:3000";
const response = await fetch(new URL("/docs/openapi.json", apiUrl));
if (!response.ok) throw new Error(`GET ${apiUrl}/docs/openapi.json answered ${response.status}`);
const target = fileURLToPath(new URL("../src/api/generated/schema.ts", import.meta.url));
await writeFile(target, await schemaSourceOf(await response.json()));
console.log(`[generate-api] wrote ${target} from ${apiUrl}`);
