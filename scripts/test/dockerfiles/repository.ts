// What the image rules compare the Dockerfiles with: the entry points the tests start (read from the source
// of the code that starts them), and the npm workspaces with their production dependencies.
import { readdirSync, readFileSync } from "node:fs";
import { join, posix } from "node:path";

/**
 * Where the tests start real processes from: the testkit (operator, control plane, gateway, workers, the
 * portal's standalone server, the workflow bundle script) and the desktop runner (start-desktop.sh, which
 * the local stack runs for every Running SkillPod).
 */
export const processStarters = ["packages/testkit/src", "packages/desktop-runner/src"];

/** Repository-relative paths (ending .ts, .js or .sh) that a source text names in a string literal. */
function namedFiles(text: string): string[] {
  return [...text.matchAll(/["'`](?:\.\.\/)*(\w[\w.-]*\/(?:[\w.-]+\/)*[\w.-]+\.(?:ts|js|sh))["'`]/g)].map(
    (m) => posix.normalize(m[1] ?? ""),
  );
}

/** Repository-relative files that the process starters' sources name as something to run. */
export function testedEntryPoints(root: string): Set<string> {
  return new Set(
    processStarters.flatMap((dir) =>
      readdirSync(join(root, dir))
        .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
        .flatMap((file) => namedFiles(readFileSync(join(root, dir, file), "utf8"))),
    ),
  );
}

export type Workspace = { name: string; dir: string; dependencies: string[] };

type Manifest = { name?: string; workspaces?: string[]; dependencies?: Record<string, string> };

const readManifest = (root: string, dir: string): Manifest =>
  JSON.parse(readFileSync(join(root, dir, "package.json"), "utf8")) as Manifest;

/** The root manifest's workspaces (`dir` and `dir/*` globs), by package name. */
export function workspaces(root: string): Map<string, Workspace> {
  const dirs = (readManifest(root, ".").workspaces ?? []).flatMap((glob) =>
    glob.endsWith("/*")
      ? readdirSync(join(root, glob.slice(0, -2)), { withFileTypes: true })
          .filter((d) => d.isDirectory())
          .map((d) => `${glob.slice(0, -2)}/${d.name}`)
      : [glob],
  );
  const all = new Map<string, Workspace>();
  for (const dir of dirs) {
    const manifest = readManifest(root, dir);
    if (manifest.name) all.set(manifest.name, { name: manifest.name, dir, dependencies: [] });
  }
  for (const workspace of all.values()) {
    const declared = Object.keys(readManifest(root, workspace.dir).dependencies ?? {});
    workspace.dependencies = declared.filter((d) => all.has(d));
  }
  return all;
}

/** The workspace and every workspace it needs at run time (dependencies, not devDependencies), by dir. */
export function productionClosure(all: Map<string, Workspace>, name: string): Set<string> {
  const dirs = new Set<string>();
  const visit = (current: string): void => {
    const workspace = all.get(current);
    if (workspace === undefined || dirs.has(workspace.dir)) return;
    dirs.add(workspace.dir);
    workspace.dependencies.forEach(visit);
  };
  visit(name);
  return dirs;
}
