// The module and the chart agree, without a cluster: the values the module hands Helm pass the chart's strict
// values.schema.json, and every Secret key the rendered chart reads is one the module writes (and the other
// way round), so renaming a key on either side fails here before any install does.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { runTool } from "@skillpod/testkit";
import { loadAll } from "js-yaml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoDir, tofuWorkspace, type TofuWorkspace } from "./tofu-workspace.js";

type SecretKeyRef = { name: string; key: string };
type ModuleView = { wiring: unknown; secrets: Record<string, string[]> };

// Every credential given, so that the module writes all five Secrets.
const credentials = {
  TF_VAR_temporal: '{ address = "temporal-frontend.temporal:7233" }',
  TF_VAR_database:
    '{ app_url = "postgresql://app@db/skillpod", owner_url = "postgresql://owner@db/skillpod" }',
  TF_VAR_redis_url: "redis://redis:6379",
  TF_VAR_platform_keys:
    '{ internal_api_token = "t", mfa_encryption_key = "k", jwt_private_key = "j", audit_signing_key = "a" }',
  TF_VAR_stripe_api_key: "sk_test_x",
  TF_VAR_smtp_url: "smtp://mail:25",
};

// Each Secret's data is sensitive as a whole; its keys are not secrets.
const moduleView =
  "jsonencode({ wiring = local.wiring, secrets = { for c in keys(local.secret_data) : var.secret_names[c] => nonsensitive(keys(local.secret_data[c])) } })";

/** Every secretKeyRef anywhere in the rendered objects (containers, init containers, Jobs). */
function secretKeyRefs(node: unknown): SecretKeyRef[] {
  if (Array.isArray(node)) return node.flatMap(secretKeyRefs);
  if (node === null || typeof node !== "object") return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === "secretKeyRef" ? [value as SecretKeyRef] : secretKeyRefs(value),
  );
}

describe("terraform/modules/skillpod and charts/skillpod", () => {
  let workspace: TofuWorkspace;
  let view: ModuleView;

  beforeAll(async () => {
    workspace = tofuWorkspace();
    await workspace.tofu("modules/skillpod", ["init", "-backend=false", "-input=false", "-no-color"]);
    const { stdout } = await workspace.tofu("modules/skillpod", ["console", "-no-color"], {
      env: credentials,
      input: moduleView,
    });
    // The console prints the JSON as a quoted HCL string, whose escapes are JSON's for this content.
    view = JSON.parse(JSON.parse(stdout.trim()) as string) as ModuleView;
  });
  afterAll(() => workspace?.remove());

  it("writes the five Secrets under the chart's default names", () => {
    expect(Object.keys(view.secrets).sort()).toEqual([
      "skillpod-database",
      "skillpod-mail",
      "skillpod-payments",
      "skillpod-platform",
      "skillpod-redis",
    ]);
  });

  it("renders the chart with the module's values, and every key the chart reads is written", async () => {
    const valuesFile = join(workspace.dir, "module-values.json");
    writeFileSync(valuesFile, JSON.stringify(view.wiring));
    // helm template validates the values against values.schema.json (unknown keys are refused).
    const { stdout } = await runTool("helm", [
      "template",
      "skillpod",
      join(repoDir, "charts", "skillpod"),
      "-n",
      "skillpod-system",
      "-f",
      valuesFile,
    ]);
    const refs = secretKeyRefs(loadAll(stdout));
    expect(refs.length).toBeGreaterThan(10);
    for (const ref of refs) expect(view.secrets[ref.name] ?? [], `${ref.name}/${ref.key}`).toContain(ref.key);
    const read = new Set(refs.map((ref) => `${ref.name}/${ref.key}`));
    for (const [name, keys] of Object.entries(view.secrets)) {
      for (const key of keys)
        expect(read.has(`${name}/${key}`), `${name}/${key} is read by no Pod`).toBe(true);
    }
  });
});
