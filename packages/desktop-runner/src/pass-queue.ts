import type { Logger } from "pino";

/**
 * Runs a level-based pass one at a time: requests that arrive during a pass fold into one more pass after
 * it, so a burst of watch events costs two passes, not one each.
 */
export class PassQueue {
  private current: Promise<void> | undefined;
  private again = false;
  private closed = false;

  constructor(
    private readonly pass: () => Promise<void>,
    private readonly log: Logger,
  ) {}

  request(): void {
    if (this.closed) return;
    if (this.current) {
      this.again = true;
      return;
    }
    this.current = this.loop();
  }

  private async loop(): Promise<void> {
    do {
      this.again = false;
      try {
        await this.pass();
      } catch (error) {
        this.log.error({ err: error }, "Failed to match desktops to workspace Pods");
      }
    } while (this.again && !this.closed);
    this.current = undefined;
  }

  /** Resolves when no pass runs or is due. */
  async idle(): Promise<void> {
    await this.current;
  }

  /** No passes after the one in flight, which this waits for. */
  async close(): Promise<void> {
    this.closed = true;
    await this.current;
  }
}
