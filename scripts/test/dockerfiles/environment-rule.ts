// The header of a component's Dockerfile says which environment the component needs: it names the config file
// (`# Environment (workers/src/config.ts…`) and every variable that file's schema requires (no default, not
// optional), so the documentation cannot fall behind the code. Desktop images document theirs in the script.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { ImageUnderTest } from "./image.js";

/** Keys of the zod object schemas in a config source that have neither a default nor `.optional()`. */
export function requiredVariables(source: string): string[] {
  const entries = source.matchAll(/^ {2}([A-Z][A-Z0-9_]+):([\s\S]*?)(?=^ {2}[A-Z][A-Z0-9_]+:|^\S)/gm);
  return [...entries]
    .filter(([, , body = ""]) => !/\.default\(|\.optional\(\)/.test(body))
    .map(([, key = ""]) => key);
}

/** The config file the header names, relative to the repository root. */
export function documentedConfig(image: ImageUnderTest): string | undefined {
  const line = image.dockerfile.header.find((l) => l.startsWith("Environment ("));
  return line === undefined ? undefined : /^Environment \(([^;):]+)/.exec(line)?.[1]?.trim();
}

export function environmentProblems(root: string, image: ImageUnderTest): string[] {
  const config = documentedConfig(image);
  if (config === undefined) return ["the header has no `Environment (<config file>):` section"];
  if (!existsSync(join(root, config))) return [`the header names ${config}, which does not exist`];
  const header = image.dockerfile.header.join("\n");
  return requiredVariables(readFileSync(join(root, config), "utf8"))
    .filter((key) => !new RegExp(`\\b${key}\\b`).test(header))
    .map((key) => `${config} requires ${key}, which the header does not mention`);
}
