import { describe, expect, it } from "vitest";
import { waitFor } from "./wait-for.js";

describe("waitFor", () => {
  it("returns the first truthy observation", async () => {
    let n = 0;
    await expect(
      waitFor("n to reach 3", () => Promise.resolve(++n >= 3 && n), { intervalMs: 1 }),
    ).resolves.toBe(3);
  });

  it("names what it waited for and the last observation on timeout", async () => {
    await expect(
      waitFor("a miracle", () => Promise.reject(new Error("still broken")), { timeoutMs: 20, intervalMs: 5 }),
    ).rejects.toThrow(/a miracle.*still broken/);
  });
});
