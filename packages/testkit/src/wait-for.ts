import { setTimeout as sleep } from "node:timers/promises";

/**
 * Polls until `probe` returns a value other than undefined/false, or throws with the last observation,
 * so a failing integration test says what it saw rather than only that it timed out.
 */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  options: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
      last = value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline)
      throw new Error(`Timed out waiting for ${what}; last observation: ${String(last)}`);
    await sleep(options.intervalMs ?? 250);
  }
}
