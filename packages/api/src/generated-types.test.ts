import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { crdDirectory, generateCrdTypes, generatedTypesFile } from "./crd-codegen.js";

describe("generated/crd-types.ts", () => {
  it("is what the generator makes of the CRDs today", async () => {
    const committed = await readFile(generatedTypesFile, "utf8");
    const generated = await generateCrdTypes(crdDirectory);
    expect(committed, "crd-types.ts is stale: run npm run generate -w @skillpod/api").toBe(generated);
  });
});
