// A TypeScript entry point of this repository run as a child process (`node --import tsx <path>`), the way a
// replica runs: ready once an HTTP probe answers 200, stopped with SIGTERM (SIGKILL if it hangs).
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

export type NodeProcessOptions = {
  /** Relative to the repository root, e.g. control-plane/src/main.ts. */
  entry: string;
  /** Run this instead of `node --import tsx <entry>` (e.g. a package's binary); entry then only names it. */
  command?: string[];
  /** Relative to the repository root; the root by default. */
  cwd?: string;
  env: Record<string, string>;
  /** Polled until it answers 200, e.g. http://127.0.0.1:3101/healthz. */
  readyUrl: string;
  readyTimeoutMs?: number;
  /** Echo the child's output (to debug a test run). */
  verbose?: boolean;
};

export class NodeProcess {
  readonly output: string[] = [];
  #child: ChildProcess;
  #exited: Promise<number | null>;

  private constructor(readonly options: NodeProcessOptions) {
    const [file, ...args] = options.command ?? [
      process.execPath,
      "--import",
      "tsx",
      join(repoRoot, options.entry),
    ];
    this.#child = spawn(file ?? process.execPath, args, {
      cwd: join(repoRoot, options.cwd ?? ""),
      // Needed where Next's types make NODE_ENV a required key of ProcessEnv (the portal's tests).
      // eslint-disable-next-line @typescript-eslint/no-unnecessary-type-assertion
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...options.env } as Record<
        string,
        string
      > as NodeJS.ProcessEnv,
      stdio: ["ignore", "pipe", "pipe"],
    });
    const keep = (chunk: Buffer): void => {
      this.output.push(chunk.toString());
      if (options.verbose) process.stderr.write(chunk);
    };
    this.#child.stdout?.on("data", keep);
    this.#child.stderr?.on("data", keep);
    this.#exited = new Promise((resolve) => this.#child.once("exit", (code) => resolve(code)));
  }

  /** Starts the entry point and resolves once `readyUrl` answers 200 (rejects with its output otherwise). */
  static async start(options: NodeProcessOptions): Promise<NodeProcess> {
    const started = new NodeProcess(options);
    await started.#waitReady(Date.now() + (options.readyTimeoutMs ?? 60_000));
    return started;
  }

  get pid(): number | undefined {
    return this.#child.pid;
  }

  async #waitReady(deadline: number): Promise<void> {
    let exited = false;
    void this.#exited.then(() => (exited = true));
    while (Date.now() < deadline && !exited) {
      const status = await fetch(this.options.readyUrl).then(
        (r) => r.status,
        () => 0,
      );
      if (status === 200) return;
      await sleep(200);
    }
    await this.stop();
    throw new Error(`${this.options.entry} did not get ready:\n${this.output.join("").slice(-4000)}`);
  }

  /** SIGTERM, then SIGKILL after `graceMs`; resolves with the exit code. */
  async stop(graceMs = 15_000): Promise<number | null> {
    if (this.#child.exitCode !== null || this.#child.signalCode !== null) return this.#exited;
    this.#child.kill("SIGTERM");
    const timer = setTimeout(() => this.#child.kill("SIGKILL"), graceMs);
    const code = await this.#exited;
    clearTimeout(timer);
    return code;
  }
}
