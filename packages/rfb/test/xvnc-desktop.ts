// A real TigerVNC desktop for the RFB integration tests: Xvnc with the flags and two passwords the desktop image
// uses, plus an xterm whose `cat` writes every typed line to a file.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { connect, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export type XvncDesktop = {
  display: number;
  port: number;
  /** What the terminal has received, one line per Return. */
  typed: () => string;
  stop: () => Promise<void>;
};

export const interactivePassword = "full";
export const viewOnlyPassword = "view";
export const geometry = { width: 1024, height: 768 };

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === "object" && address ? address.port : 0;
}

function freeDisplay(from: number): number {
  for (let display = from; display < from + 200; display++) {
    if (!existsSync(`/tmp/.X11-unix/X${display}`) && !existsSync(`/tmp/.X${display}-lock`)) return display;
  }
  throw new Error("No free X display number");
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  ms = 10_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const value = await probe();
    if (value !== undefined) return value;
    await sleep(100);
  }
  throw new Error(`Timed out waiting for ${what}`);
}

function accepts(port: number): Promise<true | undefined> {
  return new Promise((resolve) => {
    const socket = connect({ host: "127.0.0.1", port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on("error", () => resolve(undefined));
  });
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once("exit", () => resolve()));
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  await Promise.race([exited(child), sleep(3000)]);
  if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
}

function startXvnc(dir: string, display: number, port: number): ChildProcess {
  const args = [
    `:${display}`,
    ...["-SecurityTypes", "VncAuth", "-PasswordFile", join(dir, "passwd"), "-AlwaysShared"],
    ...[
      "-rfbport",
      String(port),
      "-interface",
      "127.0.0.1",
      "-geometry",
      `${geometry.width}x${geometry.height}`,
    ],
  ];
  return spawn("Xvnc", args, { stdio: ["ignore", "ignore", "pipe"] });
}

async function startTerminal(dir: string, display: number): Promise<ChildProcess> {
  const env = { ...process.env, DISPLAY: `:${display}` };
  const file = join(dir, "typed");
  writeFileSync(file, "");
  // A terminal far larger than the screen, so it sits under the pointer wherever the pointer is.
  const args = ["-geometry", "300x100+0+0", "-fa", "Monospace", "-e", "sh", "-c", `exec cat > ${file}`];
  const xterm = spawn("xterm", args, { env, stdio: "ignore" });
  // Mapped and focused: the window exists a moment before it can take the focus.
  await until("the xterm window to take the focus", () => {
    try {
      const found = execFileSync("xdotool", ["search", "--onlyvisible", "--class", "xterm"], {
        env,
        encoding: "utf8",
      });
      execFileSync("xdotool", ["windowfocus", "--sync", found.trim().split("\n")[0] ?? ""], {
        env,
        stdio: "ignore",
      });
      return true;
    } catch {
      return undefined;
    }
  });
  return xterm;
}

/** Starts Xvnc on a free display and port with both passwords, and a terminal on it. */
export async function startXvncDesktop(): Promise<XvncDesktop> {
  const dir = mkdtempSync(join(tmpdir(), "rfb-xvnc-"));
  writeFileSync(
    join(dir, "passwd"),
    execFileSync("vncpasswd", ["-f"], { input: `${interactivePassword}\n${viewOnlyPassword}\n` }),
  );
  const display = freeDisplay(60 + Math.floor(Math.random() * 200));
  const port = await freePort();
  const xvnc = startXvnc(dir, display, port);
  let log = "";
  xvnc.stderr?.on("data", (chunk: Buffer) => (log += chunk.toString()));
  try {
    await until("Xvnc to listen", () =>
      xvnc.exitCode === null ? accepts(port) : Promise.reject(new Error(log)),
    );
    const xterm = await startTerminal(dir, display);
    return {
      display,
      port,
      typed: () => readFileSync(join(dir, "typed"), "utf8"),
      stop: async () => {
        await stopChild(xterm);
        await stopChild(xvnc);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await stopChild(xvnc);
    throw error;
  }
}

export { until };
