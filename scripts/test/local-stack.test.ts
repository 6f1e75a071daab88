// The stack scripts' own promises: a second `up` is a no-op, and a part that cannot start fails the command
// with a message naming the part and its log file.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const repo = join(import.meta.dirname, "..", "..");
const stack = join(repo, "scripts", "stack.sh");
const runDir = join(repo, ".stack", "run");

function pids(): Record<string, string> {
  return Object.fromEntries(
    readdirSync(runDir).map((f) => [f, readFileSync(join(runDir, f), "utf8").trim()]),
  );
}

describe("scripts/stack.sh", () => {
  it("does nothing on a second `up` while the stack runs", () => {
    const before = pids();
    const run = spawnSync("bash", [stack, "up"], { encoding: "utf8" });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).not.toMatch(/started /);
    expect(pids()).toEqual(before);
    expect(Object.keys(before).length).toBeGreaterThanOrEqual(8);
  });

  it("reports every part healthy in `status`", () => {
    const run = spawnSync("bash", [stack, "status"], { encoding: "utf8" });
    expect(run.status).toBe(0);
    for (const part of [
      "postgres",
      "redis",
      "etcd",
      "kube-apiserver",
      "kube-controller-manager",
      "kube-scheduler",
      "kwok",
      "temporal",
    ]) {
      expect(run.stdout).toMatch(new RegExp(`^${part}\\s+healthy`, "m"));
    }
  });

  it("fails naming the part and its log when a part cannot start", () => {
    const dir = mkdtempSync(join(tmpdir(), "skillpod-stack-"));
    try {
      // The running stack's Redis port is taken, so a second PostgreSQL cannot bind it.
      const redisPort = new URL(process.env.REDIS_URL ?? "redis://127.0.0.1:63790").port;
      const run = spawnSync("bash", [stack, "up"], {
        encoding: "utf8",
        env: { ...process.env, SKILLPOD_STACK_DIR: dir, SKILLPOD_PG_PORT: redisPort },
      });
      expect(run.status).not.toBe(0);
      expect(run.stderr).toMatch(/FAILED: postgres .*port \d+ is already in use/);
      expect(run.stderr).toContain(`log: ${dir}/logs/postgres.log`);
    } finally {
      spawnSync("bash", [stack, "down"], { env: { ...process.env, SKILLPOD_STACK_DIR: dir } });
      const real = spawnSync("readlink", ["-f", join(dir, "postgres")], { encoding: "utf8" }).stdout.trim();
      if (real.startsWith("/var/lib/skillpod-stack/"))
        rmSync(join(real, ".."), { recursive: true, force: true });
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
