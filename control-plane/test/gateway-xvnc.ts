// A real TigerVNC desktop for gateway tests: Xvnc on a loopback address with the two passwords the stream
// Secret holds (interactive "full…", view-only "view…"), shared, VncAuth only.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { acceptsConnections, freeXDisplay } from "@skillpod/testkit";

export type TestDesktop = {
  host: string;
  port: number;
  display: string;
  interactivePassword: string;
  viewPassword: string;
  /** The X pointer's position, read from the X server itself (xdotool). */
  pointer(): { x: number; y: number };
  /** What Xvnc logged so far (connections, refusals). */
  log(): string;
  /** SIGSTOP / SIGCONT: a desktop that stops reading its sockets. */
  freeze(): void;
  thaw(): void;
  stop(): Promise<void>;
};

/** Passwords of at most 8 characters (VncAuth uses no more), random so that tests cannot share them. */
const password = (prefix: string): string => `${prefix}${randomBytes(2).toString("hex")}`;

export async function startDesktop(
  host = `127.0.0.${2 + Math.floor(Math.random() * 200)}`,
): Promise<TestDesktop> {
  const dir = mkdtempSync(join(tmpdir(), "gateway-xvnc-"));
  const interactivePassword = password("full");
  const viewPassword = password("view");
  const passwordFile = join(dir, "passwd");
  writeFileSync(
    passwordFile,
    execFileSync("vncpasswd", ["-f"], { input: `${interactivePassword}\n${viewPassword}\n` }),
  );
  const display = freeXDisplay(100, 400);
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const child: ChildProcess = spawn(
    "Xvnc",
    [
      `:${display}`,
      ...["-rfbport", String(port), "-interface", host, "-SecurityTypes", "VncAuth"],
      ...["-PasswordFile", passwordFile, "-AlwaysShared", "-geometry", "800x600", "-depth", "24"],
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let log = "";
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 15_000;
  while (!(await acceptsConnections(host, port))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill("SIGKILL");
      throw new Error(`Xvnc did not start on ${host}:${port}:\n${log}`);
    }
    await sleep(100);
  }
  return {
    host,
    port,
    display: `:${display}`,
    interactivePassword,
    viewPassword,
    log: () => log,
    freeze: () => child.kill("SIGSTOP"),
    thaw: () => child.kill("SIGCONT"),
    pointer: () => {
      const out = execFileSync("xdotool", ["getmouselocation", "--shell"], {
        env: { ...process.env, DISPLAY: `:${display}` },
        encoding: "utf8",
      });
      return { x: Number(/X=(\d+)/.exec(out)?.[1]), y: Number(/Y=(\d+)/.exec(out)?.[1]) };
    },
    stop: async () => {
      child.kill("SIGCONT");
      if (child.exitCode === null) child.kill("SIGTERM");
      await Promise.race([exited, sleep(5000)]);
      if (child.exitCode === null) child.kill("SIGKILL");
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
