import { setTimeout as sleep } from "node:timers/promises";
import { describe, expect, it } from "vitest";
import { HandshakeGate } from "./handshake-gate.js";

describe("HandshakeGate", () => {
  it("runs at most `limit` handshakes per target at once, and targets apart", async () => {
    const gate = new HandshakeGate(2);
    const running = new Map<string, number>();
    const most = new Map<string, number>();
    const handshake = (target: string) => async (): Promise<string> => {
      running.set(target, (running.get(target) ?? 0) + 1);
      most.set(target, Math.max(most.get(target) ?? 0, running.get(target) ?? 0));
      await sleep(5);
      running.set(target, (running.get(target) ?? 0) - 1);
      return target;
    };
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => gate.run(i % 2 ? "a:1" : "b:1", handshake(i % 2 ? "a:1" : "b:1"))),
    );
    expect(results.filter((r) => r === "a:1")).toHaveLength(5);
    expect(most.get("a:1")).toBe(2);
    expect(most.get("b:1")).toBe(2);
  });

  it("frees the slot of a failed handshake", async () => {
    const gate = new HandshakeGate(1);
    await expect(gate.run("a", () => Promise.reject(new Error("refused")))).rejects.toThrow("refused");
    await expect(gate.run("a", () => Promise.resolve("ok"))).resolves.toBe("ok");
  });
});
