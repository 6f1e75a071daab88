import { readFileSync } from "node:fs";

/**
 * X display numbers for the runner's desktops. In a Pod every desktop is display :1 in its own /tmp; here
 * they share the machine's /tmp/.X11-unix, so each gets a number of its own, skipping any whose lock file
 * names a live process (a person's Xvnc, a test's). A lock left by a killed server does not count: Xvnc
 * removes a stale lock and socket itself when it starts.
 */
export class DisplayPool {
  private readonly inUse = new Set<number>();

  constructor(
    private readonly first: number,
    private readonly taken: (display: number) => boolean = displayTaken,
  ) {}

  acquire(): number {
    for (let display = this.first; display < this.first + 1000; display++) {
      if (this.inUse.has(display) || this.taken(display)) continue;
      this.inUse.add(display);
      return display;
    }
    throw new Error(`no free X display from :${this.first}`);
  }

  release(display: number): void {
    this.inUse.delete(display);
  }
}

function displayTaken(display: number): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(`/tmp/.X${display}-lock`, "utf8").trim());
  } catch {
    return false;
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, someone else's.
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
