// Our rules for every image in images/: each returns the problems it finds (empty when the image follows it).
// hadolint checks Dockerfile practice in general; these check what a cluster and this repository rely on.
import { posix } from "node:path";
import { copyParts, keyValues, ofKind, substitute, type Dockerfile, type Stage } from "./dockerfile.js";
import { entrypoint, origin, workdirs, type ImageUnderTest } from "./image.js";
import type { Workspace } from "./repository.js";

export type Facts = {
  /** The repository's root directory. */
  root: string;
  /** Repository-relative files the tests start (testkit, desktop runner). */
  testedEntries: Set<string>;
  workspaces: Map<string, Workspace>;
  /** Major version of the current Node.js LTS line. */
  nodeLts: number;
};

export type Rule = (image: ImageUnderTest, facts: Facts) => string[];

const finalStage = (image: ImageUnderTest): Stage | undefined => image.dockerfile.stages.at(-1);

export const isStageName = (dockerfile: Dockerfile, ref: string): boolean =>
  dockerfile.stages.some((s) => s.name === ref);

/** The ARGs a stage declares, with their values (a bare ARG takes the global default, as BuildKit does). */
export function stageArgs(dockerfile: Dockerfile, stage: Stage | undefined): Map<string, string | undefined> {
  const args = new Map<string, string | undefined>();
  for (const instruction of ofKind(stage, "ARG")) {
    for (const [key, value] of keyValues(instruction.args))
      args.set(key, value ?? dockerfile.globalArgs.get(key));
  }
  return args;
}

const buildCommand: Rule = (image) => {
  if (image.context === undefined) return ["the header documents no `docker build … <context>` command"];
  return image.context.files.size === 0
    ? [`the documented build context '${image.context.dir}' is empty`]
    : [];
};

const ignoreFile: Rule = (image) =>
  image.context && image.context.ignoreFile === undefined
    ? [`no .dockerignore: neither ${image.path}.dockerignore nor one at the context root`]
    : [];

function baseImageProblem(dockerfile: Dockerfile, from: string): string | undefined {
  const ref = substitute(from, dockerfile.globalArgs);
  if (isStageName(dockerfile, ref) || ref.includes("@sha256:")) return undefined;
  if (ref.includes("$")) return `FROM ${from}: the ARG has no default`;
  const tag = /:([^/:]+)$/.exec(ref)?.[1];
  if (tag === undefined) return `FROM ${ref} has no tag`;
  return tag === "latest" ? `FROM ${ref} uses the latest tag` : undefined;
}

const baseImages: Rule = ({ dockerfile }) =>
  dockerfile.stages.flatMap((s) => baseImageProblem(dockerfile, s.from) ?? []);

const nonRootUser: Rule = (image) => {
  const user = ofKind(finalStage(image), "USER").at(-1)?.args;
  if (user === undefined) return ["the final stage has no USER: the container would run as root"];
  const uid = /^(\d+)(?::\d+)?$/.exec(user)?.[1];
  if (uid === undefined) return [`USER ${user} is not numeric: runAsNonRoot cannot verify a name`];
  return uid === "0" ? [`USER ${user} is root`] : [];
};

const requiredLabels = ["title", "description", "source", "vendor", "licenses", "version", "revision"]
  .concat(["created", "base.name"])
  .map((l) => `org.opencontainers.image.${l}`);
const labelFromArg: Record<string, string> = { version: "VERSION", revision: "REVISION", created: "CREATED" };

const ociLabels: Rule = ({ dockerfile }) => {
  const stage = dockerfile.stages.at(-1);
  const labels = new Map(ofKind(stage, "LABEL").flatMap((l) => [...keyValues(l.args)]));
  const args = stageArgs(dockerfile, stage);
  const problems = requiredLabels.filter((l) => !labels.get(l)).map((l) => `missing label ${l}`);
  for (const [label, arg] of Object.entries(labelFromArg)) {
    const value = labels.get(`org.opencontainers.image.${label}`);
    if (value !== undefined && (value !== `\${${arg}}` || !args.has(arg)))
      problems.push(`label org.opencontainers.image.${label} must be \${${arg}}, an ARG of the final stage`);
  }
  const base = substitute(labels.get("org.opencontainers.image.base.name") ?? "", args);
  const from = substitute(stage?.from ?? "", dockerfile.globalArgs);
  if (
    base !== "" &&
    base.replace(/^docker\.io\/library\//, "") !== from.replace(/^docker\.io\/library\//, "")
  )
    problems.push(`label org.opencontainers.image.base.name is '${base}', the final stage is FROM ${from}`);
  return problems;
};

const noAdd: Rule = ({ dockerfile }) =>
  dockerfile.stages.flatMap((s) =>
    ofKind(s, "ADD").map(
      (a) => `ADD at line ${a.line}: use COPY (ADD also fetches URLs and unpacks archives)`,
    ),
  );

const aptHygiene: Rule = ({ dockerfile }) =>
  dockerfile.stages.flatMap((s) =>
    ofKind(s, "RUN")
      .filter((r) => /\bapt(-get)? install\b/.test(r.args))
      .flatMap((r) => [
        ...(r.args.includes("--no-install-recommends")
          ? []
          : [`RUN at line ${r.line}: apt-get install without --no-install-recommends`]),
        ...(r.args.includes("rm -rf /var/lib/apt/lists")
          ? []
          : [`RUN at line ${r.line}: apt lists left in the layer`]),
        ...(/\bapt(-get)? update\b/.test(r.args)
          ? []
          : [`RUN at line ${r.line}: apt-get install without apt-get update in the same layer`]),
      ]),
  );

const execForm: Rule = (image) => {
  const problems = image.dockerfile.stages.flatMap((s) =>
    [...ofKind(s, "ENTRYPOINT"), ...ofKind(s, "CMD")]
      .filter((i) => i.exec === undefined)
      .map(
        (i) =>
          `${i.keyword} at line ${i.line} is in shell form: signals would go to /bin/sh, not the process`,
      ),
  );
  return ofKind(finalStage(image), "ENTRYPOINT").length === 0
    ? [...problems, "the final stage has no ENTRYPOINT"]
    : problems;
};

function reachesContext(image: ImageUnderTest, source: string): boolean {
  const context = image.context;
  const path = posix.normalize(source).replace(/\/$/, "");
  if (context === undefined) return false;
  if (path === ".") return context.admitted.size > 0;
  return context.admitted.has(path) || [...context.admitted].some((f) => f.startsWith(`${path}/`));
}

const copySources: Rule = (image) =>
  image.dockerfile.stages.flatMap((s) =>
    ofKind(s, "COPY")
      .filter((c) => c.flags.from === undefined)
      .flatMap((c) => copyParts(c).sources.filter((source) => !reachesContext(image, source)))
      .map(
        (source) =>
          `COPY ${source}: nothing of it reaches the build context (missing, or left out by ${image.context?.ignoreFile ?? "the ignore file"})`,
      ),
  );

/** Paths of the repository that a RUN names (scripts it runs): they must reach the context. */
const runPaths: Rule = (image) =>
  image.dockerfile.stages.flatMap((s) =>
    ofKind(s, "RUN").flatMap((r) =>
      r.args
        .split(/\s+/)
        .filter((word) => image.context?.files.has(word) && !image.context.admitted.has(word))
        .map((word) => `RUN at line ${r.line} runs ${word}, which the ignore file leaves out of the context`),
    ),
  );

/** Scripts a RUN starts through tsx are ones the tests start too (the workflow bundle). */
const runScriptsTested: Rule = (image, facts) =>
  image.dockerfile.stages.flatMap((s) =>
    ofKind(s, "RUN").flatMap((r) =>
      [...r.args.matchAll(/\btsx\s+(\S+\.ts)\b/g)]
        .map((m) => posix.join(image.context?.dir ?? "", m[1] ?? ""))
        .filter((script) => !facts.testedEntries.has(script))
        .map((script) => `RUN at line ${r.line} runs ${script}, which no test runs`),
    ),
  );

/** The file an exec-form ENTRYPOINT runs: node's script argument, or the program itself. */
export function entryFile(exec: string[]): string | undefined {
  if (exec[0] !== "node") return exec[0];
  for (let i = 1; i < exec.length; i += 1) {
    const arg = exec[i] ?? "";
    if (["--import", "--require", "-r"].includes(arg)) i += 1;
    else if (!arg.startsWith("-")) return arg;
  }
  return undefined;
}

/**
 * The repository file an image path comes from: `tracked` when the repository has it (then `inContext` says
 * whether the ignore file lets it through); untracked means a build stage writes it (a build output).
 */
export function repositorySource(
  image: ImageUnderTest,
  path: string,
): { file?: string; tracked: boolean; inContext: boolean } {
  const stage = finalStage(image);
  const context = image.context;
  if (stage === undefined || context === undefined) return { tracked: false, inContext: false };
  const { contextPath } = origin(image, stage, path);
  if (contextPath === undefined) return { tracked: false, inContext: false };
  return {
    file: posix.join(context.dir, contextPath),
    tracked: context.files.has(contextPath),
    inContext: context.admitted.has(contextPath),
  };
}

function entryInvocation(exec: string[], entry: string): string | undefined {
  if (exec[0] !== "node") return undefined;
  const expected = entry.endsWith(".ts") ? ["node", "--import", "tsx", entry] : ["node", entry];
  return exec.join(" ") === expected.join(" ")
    ? undefined
    : `ENTRYPOINT should be ${JSON.stringify(expected)}, as the tests start it`;
}

const testedEntry: Rule = (image, facts) => {
  const stage = finalStage(image);
  const exec = entrypoint(image);
  const entry = exec && entryFile(exec);
  if (stage === undefined || exec === undefined || entry === undefined)
    return ["no entry file in the ENTRYPOINT"];
  const entrypointIndex = stage.instructions.findIndex((i) => i.keyword === "ENTRYPOINT");
  const path = posix.resolve(workdirs(stage)[entrypointIndex] ?? "/", entry);
  const source = repositorySource(image, path);
  if (source.file === undefined) return [`the entry ${path} comes from no file of the build context`];
  const problems: string[] = [];
  if (source.tracked && !source.inContext)
    problems.push(`the entry ${source.file} is left out of the build context`);
  if (!facts.testedEntries.has(source.file))
    problems.push(
      `the entry ${source.file} is not what the tests start (${[...facts.testedEntries].join(", ")})`,
    );
  const invocation = entryInvocation(exec, entry);
  return invocation === undefined ? problems : [...problems, invocation];
};

export const generalRules: Record<string, Rule> = {
  buildCommand,
  ignoreFile,
  baseImages,
  nonRootUser,
  ociLabels,
  noAdd,
  aptHygiene,
  execForm,
  copySources,
  runPaths,
  runScriptsTested,
  testedEntry,
};
