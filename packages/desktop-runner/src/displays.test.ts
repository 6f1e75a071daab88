import { describe, expect, it } from "vitest";
import { DisplayPool } from "./displays.js";

describe("display pool", () => {
  it("hands out distinct displays, skips taken ones and reuses released ones", () => {
    const taken = new Set([101]);
    const pool = new DisplayPool(100, (d) => taken.has(d));
    expect(pool.acquire()).toBe(100);
    expect(pool.acquire()).toBe(102);
    pool.release(100);
    expect(pool.acquire()).toBe(100);
    expect(pool.acquire()).toBe(103);
  });
});
