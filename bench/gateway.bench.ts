// The session gateway under 200 viewers of one desktop, beside the same viewers connected straight to its VNC
// server: screen-change latency, throughput, the gateway process's CPU and memory per viewer, and key → echo
// latency for the interactive session. The paths alternate phase by phase (the machine is shared and noisy).
import { loadavg } from "node:os";
import { startBenchDesktop, type BenchDesktop } from "./gateway-desktop.js";
import {
  inputPhase,
  screenPhase,
  type BenchContext,
  type BenchPath,
  type PathName,
  type ScreenPhase,
} from "./gateway-phases.js";
import { ProcessMeter, startGatewayProcess } from "./gateway-process.js";
import {
  inputRow,
  merge,
  screenRow,
  targetRows,
  type Footprint,
  type PathOutcomes,
} from "./gateway-report.js";
import { createBenchSkillPod, type BenchSkillPod } from "./gateway-skillpod.js";
import { X11Painter } from "./gateway-x11-painter.js";
import { memoryMiB } from "./process-stats.js";
import { recordGatewayRun } from "./gateway-results.js";
import { RfbViewer, viewerModes, type ViewerMode } from "./rfb-viewer.js";

const number = (name: string, fallback: number): number => Number(process.env[name] ?? fallback);
/** continuous (default: what noVNC does with TigerVNC) or request (an update request after each update). */
function viewerMode(): ViewerMode {
  const mode = process.env.BENCH_GATEWAY_VIEWER_MODE ?? "continuous";
  if (!viewerModes.includes(mode as ViewerMode))
    throw new Error(`BENCH_GATEWAY_VIEWER_MODE must be one of ${viewerModes.join(", ")}, not ${mode}`);
  return mode as ViewerMode;
}
const settings = {
  viewers: number("BENCH_GATEWAY_VIEWERS", 200),
  rounds: number("BENCH_GATEWAY_ROUNDS", 3),
  pacedMs: number("BENCH_GATEWAY_PAINT_MS", 50),
  pacedSeconds: number("BENCH_GATEWAY_PACED_SECONDS", 10),
  maxRateMs: number("BENCH_GATEWAY_MAX_RATE_MS", 5),
  maxRateSeconds: number("BENCH_GATEWAY_MAX_RATE_SECONDS", 5),
  keys: number("BENCH_GATEWAY_KEYS", 20),
  mode: viewerMode(),
  cpuProfileDir: process.env.BENCH_GATEWAY_CPU_PROF,
};
const geometry = "1280x800";
// Both regions lie right of and below where openbox puts the 484×316 terminal on a 1280×800 screen.
const paced: ScreenPhase = {
  region: { x: 1180, y: 700, width: 32, height: 32 },
  intervalMs: settings.pacedMs,
  seconds: settings.pacedSeconds,
};
const maxRate: ScreenPhase = {
  region: { x: 1000, y: 600, width: 128, height: 128 },
  intervalMs: settings.maxRateMs,
  seconds: settings.maxRateSeconds,
};
/** TigerVNC blacklists an address with more than 5 connections in authentication at once (BlacklistThreshold). */
const connectConcurrency = 4;
const say = (message: string): void => console.log(`[gateway-bench] ${message}`);

/** Opens `count` viewers a few at a time, each taking its first (whole-screen) update before the next opens. */
async function openViewers(count: number, open: () => Promise<RfbViewer>): Promise<RfbViewer[]> {
  const viewers: RfbViewer[] = [];
  let opening = 0;
  const worker = async (): Promise<void> => {
    while (opening < count) {
      opening += 1;
      const viewer = await open();
      viewers.push(viewer);
      await viewer.refresh();
    }
  };
  await Promise.all(Array.from({ length: connectConcurrency }, worker));
  return viewers;
}

async function openPaths(
  desktop: BenchDesktop,
  skillPod: BenchSkillPod,
  gatewayUrl: string,
): Promise<Record<PathName, BenchPath>> {
  const viaGateway = async (userId: string, mode: "interactive" | "watch"): Promise<RfbViewer> =>
    RfbViewer.overGateway(`${gatewayUrl}?ticket=${await skillPod.ticket(userId, mode)}`, settings.mode);
  const target = (password: string): { host: string; port: number; password: string } => ({
    host: desktop.host,
    port: desktop.port,
    password,
  });
  const started = performance.now();
  const gatewayViewers = await openViewers(settings.viewers, () =>
    viaGateway(skillPod.supervisorId, "watch"),
  );
  say(
    `${settings.viewers} watch sessions through the gateway open in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  const directViewers = await openViewers(settings.viewers, () =>
    RfbViewer.direct(target(desktop.viewPassword), settings.mode),
  );
  const gatewayOwner = await viaGateway(skillPod.ownerId, "interactive");
  await gatewayOwner.refresh();
  const directOwner = await RfbViewer.direct(target(desktop.interactivePassword), settings.mode);
  await directOwner.refresh();
  return {
    gateway: { name: "gateway", viewers: gatewayViewers, interactive: gatewayOwner },
    direct: { name: "direct", viewers: directViewers, interactive: directOwner },
  };
}

async function runRounds(
  ctx: BenchContext,
  paths: Record<PathName, BenchPath>,
): Promise<Record<PathName, PathOutcomes>> {
  const out: Record<PathName, PathOutcomes> = {
    gateway: { paced: [], maxRate: [], input: [] },
    direct: { paced: [], maxRate: [], input: [] },
  };
  for (let round = 0; round < settings.rounds; round++) {
    const order: PathName[] = round % 2 === 0 ? ["direct", "gateway"] : ["gateway", "direct"];
    for (const path of order) out[path].paced.push(await screenPhase(ctx, paths[path], paced));
    for (const path of order) out[path].maxRate.push(await screenPhase(ctx, paths[path], maxRate));
    for (const path of order) out[path].input.push(await inputPhase(ctx, paths[path], settings.keys));
    say(`round ${round + 1}/${settings.rounds} done`);
  }
  return out;
}

const description =
  `One desktop (images/desktop/start-desktop.sh: TigerVNC Xvnc 1.12 ${geometry}, VncAuth with the interactive and view-only passwords, openbox, xterm) on a Pod-range address; ` +
  "N watch sessions (the viewers column; 200 is the target) through one gateway process (control-plane/src/gateway-main.ts, tickets issued as the API issues them, the desktop found through its EndpointSlice and stream Secret), " +
  "and the same number of viewers straight to Xvnc with the view-only password as the baseline, all open for the whole run. " +
  "Viewers are raw RFB clients in the bench's process (bench/rfb-viewer.ts): after ServerInit SetPixelFormat rgb888 and SetEncodings Raw, then one of two viewer modes (BENCH_GATEWAY_VIEWER_MODE). " +
  "continuous (the default, what noVNC does with TigerVNC): the Fence (−312) and ContinuousUpdates (−313) pseudo-encodings announced, the server's fences answered, and EnableContinuousUpdates over the whole screen once the server confirmed with EndOfContinuousUpdates, so Xvnc pushes changes without waiting for a request; " +
  "request: an incremental FramebufferUpdateRequest after each update (noVNC without continuous updates), so each update waits for a round trip of its path. " +
  "While one path is measured the other path's viewers are quiet (continuous updates turned off, or no request sent). " +
  "The screen changes by an X11 client in the same process filling a region with a new colour (its number) and timing it; latency is that moment → the whole FramebufferUpdate carrying that colour read by a viewer (one clock). " +
  `Paced: a ${paced.region.width}×${paced.region.height} region every ${settings.pacedMs} ms for ${settings.pacedSeconds} s. Max rate: a ${maxRate.region.width}×${maxRate.region.height} region every ${settings.maxRateMs} ms for ${settings.maxRateSeconds} s, more than the viewers can take, so updates/s and MiB/s delivered to all viewers are the path's capacity here. ` +
  `Input: ${settings.keys} keystrokes (x, BackSpace) per round into the terminal from the interactive session (the owner's ticket; direct: the interactive password) while that path's viewers watch; key sent → the update over the terminal arrives. ` +
  `${settings.rounds} rounds, paths alternating which goes first. Xvnc sends at most 60 updates/s (TigerVNC's FrameRate), so latencies include up to 16.7 ms of waiting for its next frame on both paths; in request mode a viewer at max rate gets a whole fraction of 60 updates/s, and a round trip a few ms longer drops it a step (30 → 20 → 15/s). ` +
  "CPU: share of one core over the phases (2 cores, shared with Xvnc, the viewers and other work).";

async function main(): Promise<void> {
  const load = loadavg()
    .map((l) => l.toFixed(1))
    .join(" / ");
  // What was set up is taken down in reverse, also when a later step of the setup fails.
  const cleanups: (() => Promise<void> | void)[] = [];
  try {
    const desktop = await startBenchDesktop(geometry);
    cleanups.unshift(desktop.stop);
    const skillPod = await createBenchSkillPod(desktop);
    cleanups.unshift(skillPod.remove);
    const gateway = await startGatewayProcess(settings.cpuProfileDir);
    cleanups.unshift(gateway.stop);
    const painter = await X11Painter.open(desktop.display);
    cleanups.unshift(() => painter.close());
    say(
      `desktop ${desktop.host}:${desktop.port}, SkillPod ${skillPod.namespace}/${skillPod.name}, gateway pid ${gateway.pid}`,
    );
    const idleRssMiB = memoryMiB(gateway.pid).rss;
    const openedAt = performance.now();
    const paths = await openPaths(desktop, skillPod, gateway.url);
    const connectSeconds = ((performance.now() - openedAt) / 1000).toFixed(1);
    const meter = new ProcessMeter({ gateway: gateway.pid, xvnc: desktop.xvncPid, bench: process.pid });
    const outcomes = await runRounds({ painter, meter, terminal: desktop.terminal }, paths);
    const connected = paths.gateway.viewers.filter((v) => !v.closed).length;
    for (const path of Object.values(paths))
      for (const viewer of [...path.viewers, path.interactive]) viewer.close();
    write({ load, connectSeconds }, outcomes, {
      viewers: settings.viewers,
      connected,
      idleRssMiB,
      loadedRssMiB: 0,
    });
  } finally {
    for (const cleanup of cleanups) await cleanup();
  }
}

function write(
  conditions: { load: string; connectSeconds: string },
  outcomes: Record<PathName, PathOutcomes>,
  footprint: Footprint,
): void {
  const merged = {
    gateway: {
      paced: merge(outcomes.gateway.paced),
      maxRate: merge(outcomes.gateway.maxRate),
      input: outcomes.gateway.input.flatMap((o) => o.latenciesMs),
    },
    direct: {
      paced: merge(outcomes.direct.paced),
      maxRate: merge(outcomes.direct.maxRate),
      input: outcomes.direct.input.flatMap((o) => o.latenciesMs),
    },
  };
  const loaded = Math.max(
    merged.gateway.paced.peakRssMiB.gateway ?? NaN,
    merged.gateway.maxRate.peakRssMiB.gateway ?? NaN,
  );
  const tables = recordGatewayRun(
    {
      mode: settings.mode,
      viewers: settings.viewers,
      date: new Date().toISOString(),
      ...conditions,
      screen: (["gateway", "direct"] as const).map((path) =>
        screenRow(path, { viewers: settings.viewers, ...merged[path], direct: merged.direct.maxRate }),
      ),
      targets: targetRows(merged, { ...footprint, loadedRssMiB: loaded }),
      input: (["gateway", "direct"] as const).map((p) => inputRow(p, outcomes[p].input)),
    },
    {
      name: "Session gateway: one desktop, up to 200 viewers through one gateway process beside the same viewers straight to Xvnc",
      description,
    },
  );
  for (const rows of tables) console.table(rows);
}

await main();
