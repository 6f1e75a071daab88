// Our own rules for the desktop image's Dockerfile (no container engine or hadolint here): what a cluster's
// restricted Pod and the operator's Pod spec rely on.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const folder = new URL("../../../images/desktop/", import.meta.url);
const read = (name: string): string => readFileSync(new URL(name, folder), "utf8");

/** Instructions with continuation lines joined and comments dropped. */
function instructions(dockerfile: string): { op: string; args: string }[] {
  return dockerfile
    .replace(/\\\n/g, " ")
    .split("\n")
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith("#"))
    .map((line) => {
      const [op = "", ...rest] = line.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(" ") };
    });
}

const requiredLabels = ["title", "description", "source", "version", "licenses"].map(
  (l) => `org.opencontainers.image.${l}`,
);
const requiredPackages = ["tigervnc-standalone-server", "tigervnc-tools", "openbox", "xterm", "x11-utils"];

function baseImageProblems(from: string[]): string[] {
  return from.flatMap((image) => {
    const ref = image.split(/\s+/)[0] ?? "";
    if (ref.includes("@sha256:")) return [];
    const tag = ref.split(":")[1];
    if (!tag) return [`base image ${ref} has no tag`];
    if (tag === "latest" || !/\d/.test(tag)) return [`base image ${ref} is not pinned to a version`];
    return [];
  });
}

function userProblems(users: string[]): string[] {
  const last = users.at(-1);
  if (!last) return ["no USER: the image would run as root"];
  return /^(0|root)(:|$)/.test(last) ? [`USER ${last} is root`] : [];
}

/** Everything in the Dockerfile that breaks our rules; empty when it follows them all. */
function dockerfileProblems(dockerfile: string): string[] {
  const all = instructions(dockerfile);
  const of = (op: string): string[] => all.filter((i) => i.op === op).map((i) => i.args);
  const labels = of("LABEL").join(" ");
  const runs = of("RUN").join(" ");
  return [
    ...baseImageProblems(of("FROM")),
    ...userProblems(of("USER")),
    ...requiredLabels.filter((l) => !labels.includes(`${l}=`)).map((l) => `missing label ${l}`),
    ...requiredPackages.filter((p) => !runs.includes(p)).map((p) => `does not install ${p}`),
    ...(/\b(chromium|firefox-esr)\b/.test(runs) ? [] : ["installs no browser"]),
    ...(/apt-get install[^&]*--no-install-recommends/.test(runs)
      ? []
      : ["apt-get install without --no-install-recommends"]),
    ...(runs.includes("rm -rf /var/lib/apt/lists") ? [] : ["apt lists left in the image"]),
    ...(of("ENTRYPOINT").some((e) => e.includes('"/usr/local/bin/start-desktop.sh"'))
      ? []
      : ["entry point is not start-desktop.sh"]),
  ];
}

describe("desktop image", () => {
  it("follows our Dockerfile rules", () => {
    expect(dockerfileProblems(read("Dockerfile"))).toEqual([]);
  });

  it("runs as UID 1000, the user the operator's Pod spec names", () => {
    expect(
      instructions(read("Dockerfile"))
        .filter((i) => i.op === "USER")
        .at(-1)?.args,
    ).toBe("1000:1000");
  });

  it("catches what the rules are for", () => {
    const bad = [
      "FROM debian:latest",
      "RUN apt-get install -y xterm",
      "USER root",
      'ENTRYPOINT ["bash"]',
    ].join("\n");
    expect(dockerfileProblems(bad)).toEqual(
      expect.arrayContaining([
        "base image debian:latest is not pinned to a version",
        "USER root is root",
        "missing label org.opencontainers.image.source",
        "does not install tigervnc-standalone-server",
        "installs no browser",
        "apt-get install without --no-install-recommends",
        "apt lists left in the image",
        "entry point is not start-desktop.sh",
      ]),
    );
    expect(dockerfileProblems("FROM debian:bookworm")).toContain(
      "base image debian:bookworm is not pinned to a version",
    );
    expect(dockerfileProblems("FROM debian")).toContain("no USER: the image would run as root");
  });

  it("sends only the entry script to the build", () => {
    const rules = read(".dockerignore")
      .split("\n")
      .filter((l) => l && !l.startsWith("#"));
    expect(rules).toEqual(["*", "!start-desktop.sh"]);
  });
});
