// The portal's API types are generated from the control plane's OpenAPI document and committed: this fails
// when the API changed and `npm run generate:api -w portal` was not run (or the file was edited by hand).
import { readFile } from "node:fs/promises";
import { expect, inject, it } from "vitest";
import { schemaSourceOf } from "../src/api/schema-source.js";

it("portal/src/api/generated/schema.ts is what the running API's OpenAPI document generates", async () => {
  const { apiUrl } = inject("portal");
  const document: unknown = await (await fetch(`${apiUrl}/docs/openapi.json`)).json();
  const committed = await readFile(new URL("../src/api/generated/schema.ts", import.meta.url), "utf8");
  const generated = await schemaSourceOf(document);
  // A readable failure: the first differing line, not a 16,000-line diff.
  const first = generated.split("\n").findIndex((line, i) => line !== committed.split("\n")[i]);
  expect(first, "schema.ts is stale: run `npm run generate:api -w portal` against the API").toBe(-1);
  expect(committed).toBe(generated);
});
