// Rules for the Node.js images (those built FROM ${NODE_IMAGE}): one ARG pins every stage to the current LTS
// on Debian slim (glibc: the Temporal bridge and SWC ship prebuilt gnu binaries only), npm ci from the lock,
// only the component's production dependencies and workspaces in the image, and tsx as the tests run it.
import { posix } from "node:path";
import { keyValues, ofKind, type Stage } from "./dockerfile.js";
import { environmentProblems } from "./environment-rule.js";
import { entrypoint, workdirs, type ImageUnderTest } from "./image.js";
import { productionClosure } from "./repository.js";
import { isStageName, repositorySource, type Rule } from "./rules.js";

export const isNodeImage = (image: ImageUnderTest): boolean => image.dockerfile.globalArgs.has("NODE_IMAGE");

const npmRuns = (image: ImageUnderTest): { stage: Stage; args: string; line: number }[] =>
  image.dockerfile.stages.flatMap((stage) =>
    ofKind(stage, "RUN").map((r) => ({ stage, args: r.args, line: r.line })),
  );

const multiStage: Rule = ({ dockerfile }) =>
  dockerfile.stages.length >= 2 ? [] : ["one stage: build in one and copy only what runs into the final one"];

const nodeImage: Rule = ({ dockerfile }, { nodeLts }) => {
  const value = dockerfile.globalArgs.get("NODE_IMAGE") ?? "";
  const match = /^(?:docker\.io\/library\/)?node:(\d+)-(bookworm|trixie)-slim$/.exec(value);
  const problems: string[] = [];
  if (value.includes("alpine")) problems.push(`NODE_IMAGE=${value}: musl; the native modules ship for glibc`);
  else if (match === null) problems.push(`NODE_IMAGE=${value} is not node:<major>-<debian>-slim`);
  else if (Number(match[1]) !== nodeLts)
    problems.push(`NODE_IMAGE=${value} is not the current LTS, Node ${nodeLts}`);
  for (const stage of dockerfile.stages) {
    if (stage.from !== "${NODE_IMAGE}" && !isStageName(dockerfile, stage.from))
      problems.push(`FROM ${stage.from}: every stage starts from \${NODE_IMAGE}, so one ARG pins them all`);
  }
  return problems;
};

const runsAs65532: Rule = (image) => {
  const user = ofKind(image.dockerfile.stages.at(-1), "USER").at(-1)?.args;
  return user === "65532:65532" ? [] : [`USER ${user ?? "(none)"}: the Node images run as 65532:65532`];
};

const npmCi: Rule = (image) =>
  npmRuns(image).flatMap(({ args, line }) => [
    ...(/\bnpm (install|i|add)\b/.test(args)
      ? [`RUN at line ${line}: npm install; use npm ci (the lock, exactly)`]
      : []),
    ...(/\bnpm ci\b/.test(args) && !args.includes("--ignore-scripts")
      ? [`RUN at line ${line}: npm ci without --ignore-scripts (@prisma/engines' script downloads binaries)`]
      : []),
  ]);

/** Stages whose whole app directory (node_modules included) the final stage copies. */
function stagesCopiedWhole(image: ImageUnderTest): Stage[] {
  const { stages } = image.dockerfile;
  return ofKind(stages.at(-1), "COPY").flatMap((copy) => {
    const stage = stages.find((s) => s.name === copy.flags.from || String(s.index) === copy.flags.from);
    const root = stage ? workdirs(stage).at(-1) : undefined;
    const sources = copy.exec ?? copy.args.split(/\s+/).slice(0, -1);
    const whole = sources.some((s) => posix.normalize(s) === root || s.includes("node_modules"));
    return stage && whole ? [stage] : [];
  });
}

const noDevDependencies: Rule = (image) =>
  stagesCopiedWhole(image).flatMap((stage) => {
    const installs = npmRuns(image).filter((r) => r.stage === stage && /\bnpm ci\b/.test(r.args));
    return installs
      .filter((r) => !r.args.includes("--omit=dev"))
      .map((r) => `RUN at line ${r.line}: npm ci without --omit=dev in a stage the final stage copies whole`);
  });

/** The context carries the component's production workspaces and no other (a dev-only one, e.g. the testkit). */
const onlyProductionWorkspaces: Rule = (image, { workspaces }) => {
  const named = npmRuns(image)
    .map((r) => /\bnpm ci\b.*?(?:--workspace[= ]|-w )(\S+)/.exec(r.args)?.[1])
    .find((name) => name !== undefined);
  if (named === undefined) return ["npm ci names no --workspace: it would install every workspace"];
  if (!workspaces.has(named)) return [`--workspace ${named} is not a workspace of the repository`];
  const wanted = productionClosure(workspaces, named);
  const admitted = [...(image.context?.admitted ?? [])].map((f) => posix.join(image.context?.dir ?? "", f));
  const problems = [...wanted]
    .filter((dir) => !admitted.includes(`${dir}/package.json`))
    .map((dir) => `${dir}/package.json is not in the build context, but ${named} needs that workspace`);
  for (const { dir } of workspaces.values()) {
    if (!wanted.has(dir) && admitted.some((f) => f.startsWith(`${dir}/`)))
      problems.push(`${dir} is in the build context, but ${named} does not need it at run time`);
  }
  return problems;
};

/** tsx transpiles with the tsconfig.json of the working directory: ship the one the tests run with. */
const tsxConfig: Rule = (image) => {
  const exec = entrypoint(image);
  const stage = image.dockerfile.stages.at(-1);
  if (!exec?.includes("tsx") || stage === undefined) return [];
  const workdir = workdirs(stage).at(-1) ?? "/";
  return ["tsconfig.json", "tsconfig.base.json"]
    .filter((file) => !repositorySource(image, posix.join(workdir, file)).inContext)
    .map(
      (file) =>
        `${posix.join(workdir, file)} is not the repository's ${file}: tsx would transpile differently`,
    );
};

/** tsx writes a transpile cache under $TMPDIR unless told not to: on a read-only root without /tmp it crashes. */
const tsxReadOnlyRoot: Rule = (image) => {
  if (!entrypoint(image)?.includes("tsx")) return [];
  const env = ofKind(image.dockerfile.stages.at(-1), "ENV").flatMap((e) => [...keyValues(e.args)]);
  return new Map(env).get("TSX_DISABLE_CACHE") === "1"
    ? []
    : ["no ENV TSX_DISABLE_CACHE=1: tsx would need a writable /tmp on a read-only root filesystem"];
};

export const nodeRules: Record<string, Rule> = {
  multiStage,
  nodeImage,
  runsAs65532,
  npmCi,
  noDevDependencies,
  onlyProductionWorkspaces,
  tsxConfig,
  tsxReadOnlyRoot,
  documentedEnvironment: (image, { root }) => environmentProblems(root, image),
};
