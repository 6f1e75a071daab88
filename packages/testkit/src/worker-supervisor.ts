// Runs the real workers process (workers/src/main.ts) as a child and restarts it whenever it dies, the way
// a Deployment would; kill() SIGKILLs the current one. Counts how each run ended and which failpoints fired.
// Tests of any package use it (the control plane's money path too): it starts the process by path, it does
// not import the workers package.
import { execFile, spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const mainPath = join(repoRoot, "workers/src/main.ts");

/** Bundles the workflows once (workers/scripts/bundle-workflows.ts), so each workers start takes no seconds. */
export async function bundleWorkflows(outputFile: string): Promise<void> {
  await promisify(execFile)("npx", ["tsx", "workers/scripts/bundle-workflows.ts", outputFile], {
    cwd: repoRoot,
  });
}

export type SupervisorStats = {
  starts: number;
  externalKills: number;
  failpoints: Record<string, number>;
  exits: string[];
};

export class WorkerSupervisor {
  readonly stats: SupervisorStats = { starts: 0, externalKills: 0, failpoints: {}, exits: [] };
  #child: ChildProcess | undefined;
  #ready = false;
  #stopping = false;
  readonly output: string[] = [];

  /** verbose: echo the workers' output (to debug a test run). */
  constructor(
    readonly env: Record<string, string>,
    readonly verbose = false,
  ) {}

  start(): void {
    this.stats.starts += 1;
    const child = spawn(process.execPath, ["--import", "tsx", mainPath], {
      cwd: repoRoot,
      env: { ...process.env, ...this.env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.#child = child;
    this.#ready = false;
    const collect = (chunk: Buffer): void => {
      for (const line of chunk.toString().split("\n")) {
        const fired = /^failpoint ([a-z-]+): SIGKILL/.exec(line);
        if (line.includes('"msg":"Started workers')) this.#ready = true;
        if (fired?.[1] !== undefined)
          this.stats.failpoints[fired[1]] = (this.stats.failpoints[fired[1]] ?? 0) + 1;
        if (line.trim() !== "") this.output.push(line);
        if (this.verbose && line.trim() !== "") process.stderr.write(`[workers ${child.pid}] ${line}\n`);
      }
      if (this.output.length > 2000) this.output.splice(0, this.output.length - 2000);
    };
    child.stdout?.on("data", collect);
    child.stderr?.on("data", collect);
    child.on("exit", (code, signal) => {
      this.stats.exits.push(signal ?? `code ${code}`);
      if (this.verbose) process.stderr.write(`[workers ${child.pid}] exited: ${signal ?? code}\n`);
      if (this.#child === child) this.#child = undefined;
      if (!this.#stopping) setTimeout(() => this.start(), 200);
    });
  }

  /** True once the current process logged that its workers started (needs LOG_LEVEL info). */
  get ready(): boolean {
    return this.#ready && this.#child !== undefined && this.#child.exitCode === null;
  }

  /** SIGKILLs the running process (a node loss); the supervisor brings up a new one. */
  kill(): boolean {
    if (this.#child === undefined || this.#child.exitCode !== null) return false;
    this.stats.externalKills += 1;
    return this.#child.kill("SIGKILL");
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    const child = this.#child;
    if (child === undefined || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
      setTimeout(() => child.kill("SIGKILL"), 15_000).unref();
    });
  }
}
