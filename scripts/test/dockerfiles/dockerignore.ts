// .dockerignore as BuildKit applies it (moby/patternmatcher): patterns are anchored at the context root,
// `*` and `?` stop at `/`, `**` spans directories, a pattern that matches a parent directory excludes what is
// under it, `!` re-includes, and the last matching pattern wins. (gitignore differs on most of these, so the
// `ignore` package would answer differently.)
import { existsSync, readFileSync } from "node:fs";
import { basename, dirname, join, posix } from "node:path";

export type IgnoreRule = { text: string; exclusion: boolean; match: (path: string) => boolean };

/** Go's filepath.Clean for slash paths, then a leading `/` dropped, as BuildKit reads each pattern. */
function clean(pattern: string): string {
  const normalized = posix.normalize(pattern).replace(/\/+$/, "");
  const relative = normalized.length > 1 && normalized.startsWith("/") ? normalized.slice(1) : normalized;
  return relative === "" ? "." : relative;
}

const special = new Set([".", "+", "(", ")", "|", "{", "}", "$"]);

/** One glob character (or `**`) as a regular expression; returns the text and how many characters it used. */
function globToken(pattern: string, i: number): [string, number] {
  const ch = pattern[i] ?? "";
  if (ch === "*" && pattern[i + 1] === "*") {
    const slash = pattern[i + 2] === "/" ? 1 : 0;
    const atEnd = i + 2 + slash >= pattern.length;
    return [atEnd ? ".*" : "(.*/)?", 2 + slash];
  }
  if (ch === "*") return ["[^/]*", 1];
  if (ch === "?") return ["[^/]", 1];
  if (ch === "\\") return [`\\${pattern[i + 1] ?? ""}`, 2];
  return [special.has(ch) ? `\\${ch}` : ch, 1];
}

function compile(pattern: string): (path: string) => boolean {
  if (pattern === "**") return () => true;
  let source = "^";
  for (let i = 0; i < pattern.length;) {
    const [text, used] = globToken(pattern, i);
    source += text;
    i += used;
  }
  const regex = new RegExp(`${source}$`);
  return (path) => regex.test(path);
}

export function parseDockerignore(text: string): IgnoreRule[] {
  return text
    .replace(/^\uFEFF/, "")
    .split("\n")
    .filter((line) => !line.startsWith("#")) // only at column 0: an indented `#` is a pattern
    .map((line) => line.trim())
    .filter((line) => line !== "")
    .map((line) => {
      const exclusion = line.startsWith("!");
      const pattern = clean(exclusion ? line.slice(1).trim() : line);
      return { text: line, exclusion, match: compile(pattern) };
    });
}

/** True when the file (a slash path relative to the context) is left out of the build context. */
export function isIgnored(rules: IgnoreRule[], file: string): boolean {
  const parents = posix.dirname(file) === "." ? [] : posix.dirname(file).split("/");
  let ignored = false;
  for (const rule of rules) {
    // An exception can only change an ignored file, a pattern only a kept one (patternmatcher's shortcut).
    if (rule.exclusion !== ignored) continue;
    const matches = rule.match(file) || parents.some((_, i) => rule.match(parents.slice(0, i + 1).join("/")));
    if (matches) ignored = !rule.exclusion;
  }
  return ignored;
}

/**
 * The ignore file BuildKit uses for a build: `<Dockerfile name>.dockerignore` beside the Dockerfile first,
 * else `.dockerignore` at the context root; undefined when there is neither.
 */
export function dockerignoreFile(dockerfile: string, contextDir: string): string | undefined {
  const beside = join(dirname(dockerfile), `${basename(dockerfile)}.dockerignore`);
  const atRoot = join(contextDir, ".dockerignore");
  return [beside, atRoot].find((file) => existsSync(file));
}

export function readDockerignore(file: string): IgnoreRule[] {
  return parseDockerignore(readFileSync(file, "utf8"));
}
