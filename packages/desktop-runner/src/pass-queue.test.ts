import { pino } from "pino";
import { describe, expect, it } from "vitest";
import { PassQueue } from "./pass-queue.js";

describe("pass queue", () => {
  it("folds requests during a pass into one more pass, never two at once, and survives a failed pass", async () => {
    let active = 0;
    let most = 0;
    let passes = 0;
    const queue = new PassQueue(
      async () => {
        passes += 1;
        active += 1;
        most = Math.max(most, active);
        await new Promise((resolve) => setTimeout(resolve, 20));
        active -= 1;
        if (passes === 1) throw new Error("first pass fails");
      },
      pino({ level: "silent" }),
    );
    queue.request();
    for (let i = 0; i < 10; i++) queue.request();
    await queue.idle();
    expect(passes).toBe(2);
    expect(most).toBe(1);
    await queue.close();
    queue.request();
    await queue.idle();
    expect(passes).toBe(2);
  });
});
