// The production build the browser tests run: `npm run build` (next build, standalone output with its assets
// copied beside server.js) and then that server.js, as the image runs it. Built once, and again only when a
// source file is newer than the build, so a test run after an edit never tests stale pages.
import { execFile } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

export const portalDir = fileURLToPath(new URL("../../../portal/", import.meta.url));
const buildId = join(portalDir, ".next", "BUILD_ID");
/** The image's entry point (images/portal/Dockerfile), relative to the repository root. */
export const portalServer = "portal/.next/standalone/portal/server.js";

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    const time = entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs;
    newest = Math.max(newest, time);
  }
  return newest;
}

function buildIsCurrent(): boolean {
  if (!existsSync(buildId)) return false;
  const sources = ["src", "public"].map((d) => newestSource(join(portalDir, d)));
  const config = statSync(join(portalDir, "next.config.ts")).mtimeMs;
  return statSync(buildId).mtimeMs > Math.max(config, ...sources);
}

export async function ensurePortalBuild(): Promise<void> {
  if (buildIsCurrent()) return;
  console.log("[portal] building the production portal (npm run build -w portal)");
  await promisify(execFile)("npm", ["run", "-s", "build"], {
    cwd: portalDir,
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
    maxBuffer: 64 * 1024 * 1024,
  });
}
