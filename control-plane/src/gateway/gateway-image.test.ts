// Our rules for the gateway image's Dockerfile (no container engine or hadolint here).
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const repo = new URL("../../../", import.meta.url);
const read = (path: string): string => readFileSync(new URL(path, repo), "utf8");
const dockerfile = read("images/gateway/Dockerfile");
/** Instructions with continuation lines joined and comments dropped. */
const instructions = dockerfile
  .replace(/\\\n/g, " ")
  .split("\n")
  .map((line) => line.trim())
  .filter((line) => line && !line.startsWith("#"));
const of = (op: string): string[] =>
  instructions.filter((i) => i.toUpperCase().startsWith(`${op} `)).map((i) => i.slice(op.length + 1));

describe("images/gateway/Dockerfile", () => {
  it("builds in stages on a pinned Node 22 (current LTS) image", () => {
    const from = of("FROM");
    expect(from.length).toBeGreaterThanOrEqual(2);
    expect(of("ARG").find((a) => a.startsWith("NODE_IMAGE="))).toMatch(/^NODE_IMAGE=node:22-[a-z0-9-]+$/);
  });

  it("runs as a numeric non-root user and starts the gateway's entry point", () => {
    expect(of("USER").at(-1)).toMatch(/^[1-9]\d*:[1-9]\d*$/);
    const entry = of("ENTRYPOINT").at(-1) ?? "";
    expect(entry).toContain('"control-plane/src/gateway-main.ts"');
    expect(existsSync(new URL("control-plane/src/gateway-main.ts", repo))).toBe(true);
  });

  it("carries the OCI labels", () => {
    const labels = of("LABEL").join(" ");
    for (const label of ["title", "description", "source", "version", "licenses"]) {
      expect(labels).toContain(`org.opencontainers.image.${label}=`);
    }
  });

  it("keeps node_modules, tests and generated code out of its build context", () => {
    const ignore = read("images/gateway/Dockerfile.dockerignore").split("\n");
    expect(ignore[ignore.findIndex((l) => l.trim() === "**")]).toBeDefined();
    for (const rule of ["**/node_modules", "**/*.test.ts", "control-plane/src/generated/**"]) {
      expect(ignore).toContain(rule);
    }
  });
});
