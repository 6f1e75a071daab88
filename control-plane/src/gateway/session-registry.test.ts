import { describe, expect, it } from "vitest";
import { closeReasonOf } from "./close-codes.js";
import { SessionRegistry, type LiveSession } from "./session-registry.js";

const session = (name: string, userId = "u"): LiveSession => ({
  userId,
  mode: "watch",
  namespace: "ns",
  name,
  end: () => undefined,
});

describe("SessionRegistry", () => {
  it("groups sessions by SkillPod and counts them", () => {
    const registry = new SessionRegistry();
    const [a1, a2, b] = [session("a"), session("a", "v"), session("b")];
    for (const s of [a1, a2, b, a1]) registry.add(s);
    expect(registry.size).toBe(3);
    expect(registry.forSkillPod("ns", "a")).toEqual([a1, a2]);
    expect(registry.skillPodKeys()).toEqual([
      { namespace: "ns", name: "a" },
      { namespace: "ns", name: "b" },
    ]);
    registry.remove(a1);
    registry.remove(a1);
    expect(registry.size).toBe(2);
  });

  it("resolves emptied when the last session goes, or after the grace period", async () => {
    const registry = new SessionRegistry();
    const s = session("a");
    registry.add(s);
    const emptied = registry.emptied(60_000);
    registry.remove(s);
    await emptied;
    registry.add(s);
    const started = Date.now();
    await registry.emptied(50);
    expect(Date.now() - started).toBeGreaterThanOrEqual(45);
  });
});

describe("closeReasonOf", () => {
  it("keeps a reason within 123 bytes of UTF-8 without splitting a character", () => {
    expect(closeReasonOf("short")).toBe("short");
    const long = closeReasonOf("é".repeat(100));
    expect(Buffer.byteLength(long, "utf8")).toBeLessThanOrEqual(123);
    expect(long).not.toContain("\uFFFD");
  });
});
