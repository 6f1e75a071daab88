// The project's own command-line tools (helm, kubectl, promtool, tofu…), run to completion with their output
// kept: Go-built ones from the binaries cache (scripts/build-binaries.sh), Debian's from PATH.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export type ToolResult = { code: number; stdout: string; stderr: string };

export type ToolOptions = {
  /** Written to the tool's stdin. */
  input?: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
  /** Resolve with a non-zero exit code instead of throwing. */
  allowFailure?: boolean;
};

/** Where scripts/build-binaries.sh links the binaries it built. */
export function toolsDir(): string {
  return (
    process.env.SKILLPOD_BIN ??
    join(process.env.SKILLPOD_CACHE ?? join(homedir(), ".cache/skillpod"), "bin/current")
  );
}

/** A cached build of `name` if there is one, else the name for PATH (Debian's promtool, prometheus). */
export function toolPath(name: string): string {
  const cached = join(toolsDir(), name);
  return existsSync(cached) ? cached : name;
}

/** Runs a tool to its end; a non-zero exit throws with the command and its stderr, unless allowFailure. */
export function runTool(name: string, args: string[], options: ToolOptions = {}): Promise<ToolResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(toolPath(name), args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ["pipe", "pipe", "pipe"],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", (error) =>
      reject(new Error(`${name} could not start (run make deps): ${error.message}`)),
    );
    child.on("close", (code) => {
      const result = {
        code: code ?? 1,
        stdout: Buffer.concat(out).toString(),
        stderr: Buffer.concat(err).toString(),
      };
      if (result.code === 0 || options.allowFailure) resolve(result);
      else
        reject(
          new Error(`${name} ${args.join(" ")} exited ${result.code}:\n${result.stderr || result.stdout}`),
        );
    });
    child.stdin.end(options.input ?? "");
  });
}
