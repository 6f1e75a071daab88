// The bench's desktop: images/desktop/start-desktop.sh itself (Xvnc with VncAuth and the two passwords,
// AlwaysShared, openbox and a terminal), on a Pod-range address of this machine as the local stack's desktop
// runner starts a SkillPod's desktop, so the gateway reaches it through an EndpointSlice as in a cluster.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { acceptsConnections, freeXDisplay } from "@skillpod/testkit";
import type { PaintRect } from "./gateway-x11-painter.js";

export type BenchDesktop = {
  host: string;
  port: number;
  display: number;
  interactivePassword: string;
  viewPassword: string;
  /** Xvnc's own pid (a child of the script), for its CPU. */
  xvncPid: number;
  /** The terminal's window, focused, with the pointer over it: where typed keys echo. */
  terminal: PaintRect;
  stop: () => Promise<void>;
};

const repoRoot = join(import.meta.dirname, "..");

function xdotool(display: number, args: string[]): string {
  return execFileSync("xdotool", args, { env: { ...process.env, DISPLAY: `:${display}` }, encoding: "utf8" });
}

/** xwininfo's absolute frame of a window (xdotool's geometry is off by openbox's title bar). */
function frameOf(display: number, id: string): PaintRect {
  const info = execFileSync("xwininfo", ["-id", id], {
    env: { ...process.env, DISPLAY: `:${display}` },
    encoding: "utf8",
  });
  const field = (name: string): number => Number(new RegExp(`${name}:\\s+(-?\\d+)`).exec(info)?.[1]);
  return {
    x: field("Absolute upper-left X"),
    y: field("Absolute upper-left Y"),
    width: field("Width"),
    height: field("Height"),
  };
}

/**
 * The terminal window, focused, once openbox has mapped it. The pointer goes to a corner so that only the
 * typed text changes the terminal's pixels (xterm hides a pointer over it on the first key).
 */
async function terminalOf(display: number): Promise<PaintRect> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      // The terminal's title, as the desktop script sets it (a search by visibility raced openbox's start).
      const id = xdotool(display, ["search", "--name", "^Terminal$"]).trim().split("\n")[0] ?? "";
      xdotool(display, ["windowactivate", "--sync", id, "windowfocus", "--sync", id, "mousemove", "0", "0"]);
      return frameOf(display, id);
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await sleep(250);
    }
  }
}

function xvncPidOf(scriptPid: number): number {
  const children = readFileSync(`/proc/${scriptPid}/task/${scriptPid}/children`, "utf8").trim().split(/\s+/);
  const xvnc = children.find((pid) => readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "Xvnc");
  if (!xvnc) throw new Error("Xvnc is not among the desktop script's children");
  return Number(xvnc);
}

async function stopScript(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode === null) child.kill("SIGTERM");
  await Promise.race([exited, sleep(10_000)]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

export async function startBenchDesktop(geometry: string): Promise<BenchDesktop> {
  const host = `10.244.254.${10 + Math.floor(Math.random() * 200)}`;
  const port = 20_000 + Math.floor(Math.random() * 20_000);
  const display = freeXDisplay(500, 400);
  const home = mkdtempSync(join(tmpdir(), "gateway-bench-home-"));
  const interactivePassword = `full${randomBytes(2).toString("hex")}`;
  const viewPassword = `view${randomBytes(2).toString("hex")}`;
  const child = spawn(join(repoRoot, "images/desktop/start-desktop.sh"), [], {
    env: {
      PATH: process.env.PATH ?? "",
      HOME: home,
      TMPDIR: home,
      VNC_PASSWORD: interactivePassword,
      VNC_VIEW_PASSWORD: viewPassword,
      VNC_PORT: String(port),
      DESKTOP_DISPLAY: String(display),
      DESKTOP_GEOMETRY: geometry,
      DESKTOP_LISTEN_ADDRESS: host,
    },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  child.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const deadline = Date.now() + 20_000;
  while (!(await acceptsConnections(host, port))) {
    if (Date.now() > deadline || child.exitCode !== null) {
      await stopScript(child, exited);
      throw new Error(`the desktop did not start on ${host}:${port}:\n${log}`);
    }
    await sleep(100);
  }
  let terminal: PaintRect;
  try {
    terminal = await terminalOf(display);
  } catch (error) {
    await stopScript(child, exited);
    throw new Error(`the desktop's terminal did not appear:\n${log}`, { cause: error });
  }
  return {
    ...{ host, port, display, interactivePassword, viewPassword, terminal },
    xvncPid: xvncPidOf(child.pid ?? 0),
    stop: async () => {
      await stopScript(child, exited);
      rmSync(home, { recursive: true, force: true });
    },
  };
}
