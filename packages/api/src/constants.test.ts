import { load } from "js-yaml";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { crdDirectory } from "./crd-codegen.js";
import {
  skillPodClassPlural,
  skillPodGroup,
  skillPodPhases,
  skillPodPlural,
  skillPodVersion,
} from "./index.js";

interface SkillPodCrd {
  spec: {
    group: string;
    names: { plural: string };
    versions: {
      name: string;
      schema: { openAPIV3Schema: { properties: { status: { properties: { phase: { enum: string[] } } } } } };
    }[];
  };
}

async function readCrd(file: string): Promise<SkillPodCrd> {
  return load(await readFile(join(crdDirectory, file), "utf8")) as SkillPodCrd;
}

describe("constants", () => {
  it("name the group, version and plurals the CRDs declare", async () => {
    const skillPods = await readCrd("skillpod.dev_skillpods.yaml");
    const classes = await readCrd("skillpod.dev_skillpodclasses.yaml");
    expect([skillPods.spec.group, skillPods.spec.versions[0]?.name]).toEqual([
      skillPodGroup,
      skillPodVersion,
    ]);
    expect(skillPods.spec.names.plural).toBe(skillPodPlural);
    expect(classes.spec.names.plural).toBe(skillPodClassPlural);
  });

  it("list every phase the CRD allows, in its order", async () => {
    const crd = await readCrd("skillpod.dev_skillpods.yaml");
    const phase = crd.spec.versions[0]?.schema.openAPIV3Schema.properties.status.properties.phase;
    expect(skillPodPhases).toEqual(phase?.enum);
  });
});
