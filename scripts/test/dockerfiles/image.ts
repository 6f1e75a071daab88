// One image of images/ as the rules see it: its Dockerfile, the build context BuildKit would send (the
// repository's files less what the ignore file leaves out), and where a path of the image comes from.
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join, posix, relative } from "node:path";
import { copyParts, ofKind, parseDockerfile, type Dockerfile, type Stage } from "./dockerfile.js";
import { dockerignoreFile, isIgnored, readDockerignore } from "./dockerignore.js";

export type BuildContext = {
  /** Repository-relative directory sent as the context ("" for the repository root). */
  dir: string;
  /** The repository's files under it, relative to it. */
  files: Set<string>;
  /** The ones the ignore file lets through. */
  admitted: Set<string>;
  /** Repository-relative path of the ignore file BuildKit uses, if any. */
  ignoreFile?: string;
};

export type ImageUnderTest = {
  /** Folder name under images/. */
  name: string;
  /** Repository-relative, e.g. images/gateway/Dockerfile. */
  path: string;
  dockerfile: Dockerfile;
  /** From the header's documented `docker build` command; undefined when there is none. */
  context?: BuildContext;
};

/** Where a file of a stage's filesystem comes from: a file of the build context, or written by a RUN. */
export type Origin = { stage: Stage; path: string; contextPath?: string };

/** The repository's files (tracked, and new ones not ignored by git), relative to the root. */
export function repositoryFiles(root: string): string[] {
  const out = execFileSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], {
    cwd: root,
    encoding: "utf8",
  });
  return out.split("\0").filter((file) => file !== "" && existsSync(join(root, file)));
}

/** `-f <file>` and the context (last word) of the header's `docker build …` line. */
export function documentedBuild(header: string[]): { file?: string; context: string } | undefined {
  const line = header.find((l) => /\bdocker build\b/.test(l));
  if (line === undefined) return undefined;
  const words = line.slice(line.indexOf("docker build")).split(/\s+/).filter(Boolean);
  const flag = words.findIndex((w) => w === "-f" || w === "--file");
  const file = flag >= 0 ? words[flag + 1] : undefined;
  return { ...(file ? { file } : {}), context: words.at(-1) ?? "." };
}

function buildContext(root: string, path: string, contextDir: string, files: string[]): BuildContext {
  const dir = posix.normalize(contextDir) === "." ? "" : posix.normalize(contextDir).replace(/\/$/, "");
  const prefix = dir === "" ? "" : `${dir}/`;
  const inside = new Set(files.filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length)));
  const ignore = dockerignoreFile(join(root, path), join(root, dir));
  const rules = ignore ? readDockerignore(ignore) : [];
  const admitted = new Set([...inside].filter((f) => !isIgnored(rules, f)));
  return { dir, files: inside, admitted, ...(ignore ? { ignoreFile: relative(root, ignore) } : {}) };
}

export function loadImage(root: string, name: string, files: string[], text?: string): ImageUnderTest {
  const path = `images/${name}/Dockerfile`;
  const dockerfile = parseDockerfile(text ?? readFileSync(join(root, path), "utf8"));
  const build = documentedBuild(dockerfile.header);
  const context = build && buildContext(root, path, build.context, files);
  return { name, path, dockerfile, ...(context ? { context } : {}) };
}

/** The stage's WORKDIR in force at each of its instructions (absolute). */
export function workdirs(stage: Stage): string[] {
  let current = "/";
  return stage.instructions.map((i) => {
    if (i.keyword === "WORKDIR") current = posix.resolve(current, i.args);
    return current;
  });
}

function stageNamed(dockerfile: Dockerfile, ref: string): Stage | undefined {
  return dockerfile.stages.find((s) => s.name === ref || String(s.index) === ref);
}

/** The source path a COPY gives to `path`, or undefined when that COPY does not write it. */
function copiedFrom(source: string, dest: string, path: string, sourceIsFile: boolean): string | undefined {
  const target = sourceIsFile && dest.endsWith("/") ? posix.join(dest, posix.basename(source)) : dest;
  const base = posix.normalize(target).replace(/\/$/, "") || "/";
  if (path === base) return source;
  const under = base === "/" ? "/" : `${base}/`;
  if (sourceIsFile || !path.startsWith(under)) return undefined;
  const rest = path.slice(under.length);
  return source === "." || source === "./" ? rest : posix.join(source, rest);
}

/** Follows a path of a stage's filesystem back through COPY (and COPY --from) to where it comes from. */
export function origin(image: ImageUnderTest, stage: Stage, path: string): Origin {
  const dirs = workdirs(stage);
  const copies = stage.instructions.map((instruction, i) => ({ instruction, dir: dirs[i] ?? "/" }));
  for (const { instruction, dir } of copies.filter((c) => c.instruction.keyword === "COPY").reverse()) {
    const { sources, dest } = copyParts(instruction);
    const destination = posix.resolve(dir, dest) + (dest.endsWith("/") || sources.length > 1 ? "/" : "");
    const from = instruction.flags.from;
    for (const source of sources) {
      const sourceIsFile = from === undefined && (image.context?.files.has(posix.normalize(source)) ?? false);
      const found = copiedFrom(
        from === undefined ? source : posix.resolve("/", source),
        destination,
        path,
        sourceIsFile,
      );
      if (found === undefined) continue;
      const parent = from === undefined ? undefined : stageNamed(image.dockerfile, from);
      if (parent) return origin(image, parent, found);
      return { stage, path, contextPath: posix.normalize(found) };
    }
  }
  const base = stageNamed(image.dockerfile, stage.from);
  return base && base.index < stage.index ? origin(image, base, path) : { stage, path };
}

/** The final stage's ENTRYPOINT in exec form, if it has one. */
export function entrypoint(image: ImageUnderTest): string[] | undefined {
  return ofKind(image.dockerfile.stages.at(-1), "ENTRYPOINT").at(-1)?.exec;
}
