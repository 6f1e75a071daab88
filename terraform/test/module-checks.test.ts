// The module, the managed-cluster example and the local test root as an operator's CI would check them:
// formatted, linted by tflint's Terraform rules, and valid for OpenTofu with the real providers. No cluster.
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runTool } from "@skillpod/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mirroredProviders, terraformDir, tofuWorkspace, type TofuWorkspace } from "./tofu-workspace.js";

const roots = ["modules/skillpod", "examples/managed-cluster", "test/local-cluster"];

function tflint(dir: string): Promise<{ code: number; stdout: string }> {
  return runTool("tflint", ["--recursive", "--config", join(dir, ".tflint.hcl"), "--format", "compact"], {
    cwd: dir,
    allowFailure: true,
  });
}

/** `variable "x"` / `output "x"` names declared in a module's .tf files. */
function declared(moduleDir: string, kind: "variable" | "output"): string[] {
  const pattern = new RegExp(`^${kind} "([a-z0-9_]+)"`, "gm");
  return readdirSync(moduleDir)
    .filter((file) => file.endsWith(".tf"))
    .flatMap((file) =>
      [...readFileSync(join(moduleDir, file), "utf8").matchAll(pattern)].map((m) => m[1] ?? ""),
    );
}

describe("terraform/ checks", () => {
  let workspace: TofuWorkspace;

  beforeAll(() => {
    workspace = tofuWorkspace();
  });
  afterAll(() => workspace?.remove());

  it("is formatted as `tofu fmt` writes it", async () => {
    // Run from the copy (for its CLI configuration) on the repository's own files; -check writes nothing.
    const run = await workspace.tofu(".", ["fmt", "-check", "-recursive", "-diff", terraformDir], {
      allowFailure: true,
    });
    expect(run.code, run.stdout + run.stderr).toBe(0);
  });

  it("passes tflint's Terraform rules (all of them) in every module directory", async () => {
    const run = await tflint(terraformDir);
    expect(run.code, run.stdout).toBe(0);
  });

  it("has tflint rules that do fire: an undocumented, untyped, unused variable is reported", async () => {
    const file = join(workspace.dir, "modules/skillpod/variables.tf");
    const original = readFileSync(file, "utf8");
    writeFileSync(file, `${original}\nvariable "forgotten" {}\n`);
    const run = await tflint(workspace.dir);
    writeFileSync(file, original);
    expect(run.code).not.toBe(0);
    for (const rule of [
      "terraform_documented_variables",
      "terraform_typed_variables",
      "terraform_unused_declarations",
    ]) {
      expect(run.stdout).toContain(rule);
    }
  });

  it.each(roots)("%s: inits offline from the provider mirror and validates", async (root) => {
    const init = await workspace.tofu(root, ["init", "-backend=false", "-input=false", "-no-color"]);
    for (const { type, version } of mirroredProviders) {
      expect(init.stdout).toContain(`Installed hashicorp/${type} v${version}`);
    }
    const validate = await workspace.tofu(root, ["validate", "-json", "-no-color"]);
    const result = JSON.parse(validate.stdout) as { valid: boolean; diagnostics: unknown[] };
    expect(result).toMatchObject({ valid: true, diagnostics: [] });
  });

  it("documents every input and output of the module in its README", () => {
    const moduleDir = join(terraformDir, "modules/skillpod");
    const readme = readFileSync(join(moduleDir, "README.md"), "utf8");
    const names = [...declared(moduleDir, "variable"), ...declared(moduleDir, "output")];
    expect(names.length).toBeGreaterThan(15);
    for (const name of names) expect(readme, name).toMatch(new RegExp("^\\| `" + name + "` +\\|", "m"));
  });
});
