// The chart's previous version, from git history: the last commit whose Chart.yaml had another version,
// extracted with the repository paths its symbolic links point at.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoDir } from "./chart-tools.js";

const chartYaml = "charts/skillpod/Chart.yaml";
const linkedPaths = ["crds", "operator/config/rbac", "workers/config/rbac"];

function git(args: string[]): string {
  return execFileSync("git", args, { cwd: repoDir, encoding: "utf8" }).trim();
}

function versionAt(revision: string): string | undefined {
  try {
    return /^version:\s*(\S+)/m.exec(git(["show", `${revision}:${chartYaml}`]))?.[1];
  } catch {
    return undefined;
  }
}

export type PreviousChart = { version: string; revision: string; dir: string };

/** The previous chart version checked out into a temporary directory, or why there is none. */
export function previousChart(currentVersion: string): PreviousChart | string {
  if (git(["rev-parse", "--is-shallow-repository"]) === "true") return "this clone is shallow";
  const revisions = git(["log", "--format=%H", "--", chartYaml]).split("\n").filter(Boolean);
  const revision = revisions.find((r) => {
    const version = versionAt(r);
    return version !== undefined && version !== currentVersion;
  });
  if (!revision) return `no commit has a chart version other than ${currentVersion}`;
  const dir = mkdtempSync(join(tmpdir(), "skillpod-previous-chart-"));
  const paths = ["charts/skillpod", ...linkedPaths].filter((p) => git(["ls-tree", revision, p]) !== "");
  execFileSync("sh", ["-c", `git archive ${revision} ${paths.join(" ")} | tar -x -C "${dir}"`], {
    cwd: repoDir,
  });
  return { version: versionAt(revision) ?? "?", revision, dir: join(dir, "charts/skillpod") };
}
