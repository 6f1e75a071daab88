// A throwaway copy of terraform/ in which OpenTofu may init, lock, plan and keep state: nothing of it lands in
// the repository. Providers come from a filesystem mirror of the ones scripts/build-binaries.sh built (the
// registries are not reachable here, and an offline init must not try them).
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { runTool, toolsDir, type ToolResult } from "@skillpod/testkit";

export const terraformDir = join(import.meta.dirname, "..");
export const repoDir = join(terraformDir, "..");

/**
 * The providers the module needs, as built from the Go module proxy. Tags v2+ of HashiCorp's providers are
 * not served there (their go.mod has no /vN suffix), but main-branch commits are, as v1.x pseudo-versions;
 * the versions below are what each commit's own version/VERSION file says (tools/versions.env has the commits).
 */
export const mirroredProviders = [
  { type: "helm", version: "3.2.0" },
  { type: "kubernetes", version: "3.2.1" },
] as const;

export type TofuOptions = { env?: Record<string, string>; allowFailure?: boolean; input?: string };

export type TofuWorkspace = {
  /** The copy of terraform/ (modules/, examples/, test/local-cluster/). */
  dir: string;
  /** Runs tofu in dir/<relative> with the mirror's CLI configuration; `env` adds TF_VAR_… and the like. */
  tofu(relative: string, args: string[], options?: TofuOptions): Promise<ToolResult>;
  remove(): void;
};

function writeMirror(root: string): string {
  const mirror = join(root, "provider-mirror");
  for (const { type, version } of mirroredProviders) {
    const binary = `terraform-provider-${type}`;
    const built = join(toolsDir(), binary);
    if (!existsSync(built)) throw new Error(`${built} is missing: run scripts/build-binaries.sh ${binary}`);
    const platformDir = join(mirror, "registry.opentofu.org", "hashicorp", type, version, "linux_amd64");
    mkdirSync(platformDir, { recursive: true });
    // The unpacked layout: tofu hashes the directory and links to it from .terraform/, so a symlink suffices.
    symlinkSync(built, join(platformDir, `${binary}_v${version}`));
  }
  const cliConfig = join(root, "tofurc");
  // Only the mirror: no `direct` block, so an init never reaches for registry.opentofu.org.
  writeFileSync(
    cliConfig,
    `provider_installation {\n  filesystem_mirror {\n    path = "${mirror}"\n  }\n}\n`,
  );
  return cliConfig;
}

/** Copies terraform/ (without any .terraform/, state or lock file) into a new temporary directory. */
export function tofuWorkspace(): TofuWorkspace {
  const root = mkdtempSync(join(tmpdir(), "skillpod-tofu-"));
  const dir = join(root, "terraform");
  const skipped = new Set([
    ".terraform",
    ".terraform.lock.hcl",
    "terraform.tfstate",
    "terraform.tfstate.backup",
  ]);
  cpSync(terraformDir, dir, { recursive: true, filter: (source) => !skipped.has(basename(source)) });
  let cliConfig: string;
  try {
    cliConfig = writeMirror(root);
  } catch (error) {
    rmSync(root, { recursive: true, force: true });
    throw error;
  }
  const baseEnv = {
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: "1",
    TF_INPUT: "0",
    // A shared plugin cache from the developer's shell would bypass the mirror.
    TF_PLUGIN_CACHE_DIR: undefined,
    TF_DATA_DIR: undefined,
  };
  return {
    dir,
    tofu: (relative, args, { env = {}, ...options } = {}) =>
      runTool("tofu", args, { ...options, cwd: join(dir, relative), env: { ...baseEnv, ...env } }),
    remove: () => rmSync(root, { recursive: true, force: true }),
  };
}
