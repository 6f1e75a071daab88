// The entry script and the process supervision against a real Xvnc (Debian's TigerVNC), no stack needed.
import { freePort } from "@skillpod/testkit";
import { connectUpstream } from "@skillpod/rfb";
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { pino } from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { DesktopProcess } from "./desktop-process.js";
import { DisplayPool } from "./displays.js";

const script = fileURLToPath(new URL("../../../images/desktop/start-desktop.sh", import.meta.url));
const displays = new DisplayPool(700);
const started: DesktopProcess[] = [];

afterEach(async () => {
  await Promise.all(started.splice(0).map((d) => d.stop()));
});

function greeting(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port }, () => undefined);
    socket.once("data", (data) => {
      socket.destroy();
      resolve(data.toString("latin1"));
    });
    socket.once("error", reject);
  });
}

async function until<T>(what: string, probe: () => Promise<T | false> | T | false, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await Promise.resolve(probe()).catch(() => false as const);
    if (value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

const groupAlive = (pid: number): boolean => {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
};

const xvncOf = (pid: number): { pid: number; args: string[] } | undefined => {
  for (const entry of readdirSync("/proc").filter((e) => /^\d+$/.test(e))) {
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const pgid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[2]);
      const args = readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").filter(Boolean);
      if (pgid === pid && args[0] === "Xvnc") return { pid: Number(entry), args };
    } catch {
      // The process went while we looked.
    }
  }
  return undefined;
};

function desktop(env: Record<string, string>): { process: DesktopProcess; dir: string } {
  const dir = mkdtempSync(join(tmpdir(), "desktop-test-"));
  const process_ = new DesktopProcess({
    pod: "test/ws-unit",
    log: pino({ level: "silent" }),
    maxRestartDelayMs: 500,
    prepare: () => {
      const display = displays.acquire();
      return Promise.resolve({
        script,
        cwd: dir,
        logFile: join(dir, "desktop.log"),
        release: () => displays.release(display),
        env: {
          PATH: process.env.PATH ?? "",
          HOME: dir,
          TMPDIR: dir,
          DESKTOP_DISPLAY: String(display),
          DESKTOP_LISTEN_ADDRESS: "127.0.0.1",
          ...env,
        },
      });
    },
  });
  started.push(process_);
  return { process: process_, dir };
}

describe("start-desktop.sh", () => {
  it("refuses a view-only password VncAuth could not tell from the interactive one", () => {
    const run = spawnSync("bash", [script], {
      env: {
        PATH: process.env.PATH,
        HOME: tmpdir(),
        VNC_PASSWORD: "Same1234-a",
        VNC_VIEW_PASSWORD: "Same1234-b",
      },
      encoding: "utf8",
    });
    expect(run.status).toBe(64);
    expect(run.stderr).toMatch(/view-only password must differ/);
  });

  it("refuses a clipboard switch other than 1 or 0", () => {
    const run = spawnSync("bash", [script], {
      env: {
        PATH: process.env.PATH,
        HOME: tmpdir(),
        VNC_PASSWORD: "Interact",
        VNC_VIEW_PASSWORD: "Watching",
        VNC_SEND_CUT_TEXT: "yes",
      },
      encoding: "utf8",
    });
    expect(run.status).toBe(64);
    expect(run.stderr).toMatch(/VNC_SEND_CUT_TEXT must be 1 or 0/);
  });
});

describe("desktop process", () => {
  it("serves VncAuth with both passwords on the given address and port, with the policy's clipboard switches", async () => {
    const port = await freePort();
    const { process: desk } = desktop({
      VNC_PASSWORD: "Interact",
      VNC_VIEW_PASSWORD: "Watching",
      VNC_PORT: String(port),
      VNC_SEND_CUT_TEXT: "0",
      VNC_ACCEPT_CUT_TEXT: "1",
    });
    desk.start();
    expect(await until("the RFB greeting", () => greeting("127.0.0.1", port))).toBe("RFB 003.008\n");
    for (const password of ["Interact", "Watching"]) {
      const upstream = await connectUpstream({ host: "127.0.0.1", port, password, timeoutMs: 5000 });
      expect(upstream.serverInit.subarray(24).toString()).toBe("SkillPod");
      upstream.socket.destroy();
    }
    await expect(
      connectUpstream({ host: "127.0.0.1", port, password: "Wrong123", timeoutMs: 5000 }),
    ).rejects.toMatchObject({ kind: "auth" });
    const xvnc = xvncOf(desk.pid ?? 0);
    expect(xvnc?.args).toEqual(
      expect.arrayContaining(["-interface", "127.0.0.1", "-SecurityTypes", "VncAuth", "-AlwaysShared"]),
    );
    expect(xvnc?.args).toEqual(
      expect.arrayContaining(["-SendCutText=0", "-SendPrimary=0", "-AcceptCutText=1", "-SetPrimary=1"]),
    );
  });

  it("lets a dozen desktop sessions from one address authenticate at once (no Xvnc blacklist lock-out)", async () => {
    const port = await freePort();
    const { process: desk } = desktop({
      VNC_PASSWORD: "Interact",
      VNC_VIEW_PASSWORD: "Watching",
      VNC_PORT: String(port),
    });
    desk.start();
    await until("the RFB greeting", () => greeting("127.0.0.1", port));
    // Twelve joins in flight together; with Xvnc's default threshold of 5, seven were refused (RFB 003.003).
    const joins = await Promise.allSettled(
      Array.from({ length: 12 }, () =>
        connectUpstream({ host: "127.0.0.1", port, password: "Watching", timeoutMs: 10_000 }),
      ),
    );
    for (const join of joins) if (join.status === "fulfilled") join.value.socket.destroy();
    expect(joins.filter((join) => join.status === "rejected")).toEqual([]);
  });

  it("ignores the pointer of a client that authenticated with the view-only password", async () => {
    const port = await freePort();
    const { process: desk } = desktop({
      VNC_PASSWORD: "Interact",
      VNC_VIEW_PASSWORD: "Watching",
      VNC_PORT: String(port),
    });
    desk.start();
    await until("the RFB greeting", () => greeting("127.0.0.1", port));
    const display = xvncOf(desk.pid ?? 0)?.args[1] ?? "";
    const pointer = (): string =>
      execFileSync("xdotool", ["getmouselocation"], { env: { ...process.env, DISPLAY: display } }).toString();
    // PointerEvent (type 5, no buttons, x, y), then a FramebufferUpdateRequest: the server handles a client's
    // messages in order, so its answer to the request means the pointer event was handled (or ignored).
    const moveTo = async (password: string, x: number, y: number): Promise<void> => {
      const upstream = await connectUpstream({ host: "127.0.0.1", port, password, timeoutMs: 5000 });
      const answered = new Promise((resolve) => upstream.socket.once("data", resolve));
      upstream.socket.resume();
      upstream.socket.write(Buffer.from([5, 0, x >> 8, x & 255, y >> 8, y & 255]));
      upstream.socket.write(Buffer.from([3, 0, 0, 0, 0, 0, 0, 1, 0, 1]));
      await answered;
      upstream.socket.destroy();
    };
    await moveTo("Interact", 200, 150);
    expect(pointer()).toMatch(/x:200 y:150/);
    await moveTo("Watching", 400, 300);
    expect(pointer()).toMatch(/x:200 y:150/);
  });

  it("restarts a desktop whose Xvnc died, and stops the whole process group", async () => {
    const port = await freePort();
    const { process: desk } = desktop({
      VNC_PASSWORD: "Interact",
      VNC_VIEW_PASSWORD: "Watching",
      VNC_PORT: String(port),
    });
    desk.start();
    await until("the RFB greeting", () => greeting("127.0.0.1", port));
    const first = desk.pid ?? 0;
    const xvnc = xvncOf(first);
    expect(xvnc).toBeDefined();
    execFileSync("kill", ["-KILL", String(xvnc?.pid)]);
    const second = await until("a restarted desktop", () =>
      desk.pid && desk.pid !== first ? desk.pid : false,
    );
    await until("the restarted RFB greeting", () => greeting("127.0.0.1", port), 15_000);
    await desk.stop();
    expect(groupAlive(second)).toBe(false);
    expect(xvncOf(second)).toBeUndefined();
    await expect(greeting("127.0.0.1", port)).rejects.toMatchObject({ code: "ECONNREFUSED" });
  });
});
