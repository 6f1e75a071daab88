import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, openSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";
import type { Logger } from "pino";

/** One start of a desktop: the entry script, its environment, where its output goes. */
export type Launch = {
  script: string;
  env: Record<string, string>;
  cwd: string;
  logFile: string;
  /** Called once the start is over (it exited, or never ran): frees what prepare() took, e.g. the display. */
  release: () => void;
};

export type DesktopProcessOptions = {
  /** namespace/name of the Pod, for logs. */
  pod: string;
  /** Reads what a start needs afresh each time, as a kubelet re-reads a container's env on a restart. */
  prepare: () => Promise<Launch>;
  log: Logger;
  maxRestartDelayMs?: number;
};

/** After this long up, a desktop that dies is restarted at once again, not after the grown delay. */
const stableAfterMs = 60_000;

function signalGroup(pid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * One SkillPod's desktop: start-desktop.sh in a process group of its own, restarted with a growing delay when
 * it dies (as a kubelet restarts a container), stopped as a whole group.
 */
export class DesktopProcess {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  private stopping = false;
  private failures = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: DesktopProcessOptions) {}

  get pid(): number | undefined {
    return this.child?.pid;
  }

  start(): void {
    this.launch().catch((error: unknown) => this.retry(error));
  }

  private async launch(): Promise<void> {
    if (this.stopping) return;
    const launch = await this.options.prepare();
    if (this.stopping) return launch.release();
    const output = openSync(launch.logFile, "a");
    const child = spawn("bash", [launch.script], {
      env: launch.env,
      cwd: launch.cwd,
      detached: true,
      stdio: ["ignore", output, output],
    });
    closeSync(output);
    // A failed spawn also ends in "close", which restarts it; without a listener it would crash the runner.
    child.once("error", (error) =>
      this.options.log.error({ pod: this.options.pod, err: error }, "Failed to spawn"),
    );
    const startedAt = Date.now();
    this.child = child;
    this.exited = new Promise((resolve) => {
      child.once("close", (code, signal) => {
        this.child = undefined;
        launch.release();
        this.onExit(code ?? signal ?? "unknown", startedAt);
        resolve();
      });
    });
    this.options.log.info(
      { pod: this.options.pod, pid: child.pid, display: launch.env.DESKTOP_DISPLAY, logFile: launch.logFile },
      `Started desktop of Pod ${this.options.pod}`,
    );
  }

  private onExit(status: number | string, startedAt: number): void {
    if (this.stopping) return;
    if (Date.now() - startedAt > stableAfterMs) this.failures = 0;
    this.retry(new Error(`exited with ${status}`));
  }

  private retry(error: unknown): void {
    if (this.stopping) return;
    const delay = Math.min(1000 * 2 ** this.failures, this.options.maxRestartDelayMs ?? 30_000);
    this.failures += 1;
    this.options.log.warn(
      { pod: this.options.pod, err: error, restartInMs: delay },
      `Desktop of Pod ${this.options.pod} failed; restarting it in ${delay} ms`,
    );
    this.timer = setTimeout(() => this.start(), delay);
  }

  /** SIGTERM to the whole group (Xvnc, the window manager, the terminal), SIGKILL to what is left after 5 s. */
  async stop(): Promise<void> {
    this.stopping = true;
    clearTimeout(this.timer);
    const pid = this.child?.pid;
    if (pid === undefined) return;
    signalGroup(pid, "SIGTERM");
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && signalGroup(pid, 0)) await sleep(100);
    if (signalGroup(pid, "SIGKILL"))
      this.options.log.warn({ pod: this.options.pod, pid }, `Killed desktop of Pod ${this.options.pod}`);
    await this.exited;
    this.options.log.info({ pod: this.options.pod, pid }, `Stopped desktop of Pod ${this.options.pod}`);
  }
}
