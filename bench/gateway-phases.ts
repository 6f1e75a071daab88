// The gateway bench's phases, each run once per path (through the gateway, straight to the desktop) with the
// other path's viewers quiet: a paced screen change (latency), changes faster than anyone can take them
// (throughput), and keystrokes into the terminal (input latency). One clock: the painter, the viewers and
// the keystrokes share this process's performance.now().
import { setTimeout as sleep } from "node:timers/promises";
import type { PaintRect, X11Painter } from "./gateway-x11-painter.js";
import type { ProcessMeter } from "./gateway-process.js";
import type { Arrival, RfbViewer } from "./rfb-viewer.js";

export type PathName = "gateway" | "direct";

export type BenchPath = { name: PathName; viewers: RfbViewer[]; interactive: RfbViewer };

export type PhaseOutcome = {
  latenciesMs: number[];
  changes: number;
  /** Change × viewer pairs that arrived, and those a viewer never saw (a later change came first). */
  delivered: number;
  missed: number;
  updates: number;
  bytes: number;
  seconds: number;
  usage: Record<string, { cpu: number; rssMiB: number }>;
};

export type ScreenPhase = { region: PaintRect; intervalMs: number; seconds: number };

export type BenchContext = { painter: X11Painter; meter: ProcessMeter; terminal: PaintRect };

/** Colours are change numbers (0xRRGGBB); 0 is the black root, so numbering starts at 1 and never repeats. */
let nextColour = 1;

const inside = (rect: PaintRect, x: number, y: number): boolean =>
  x >= rect.x && x < rect.x + rect.width && y >= rect.y && y < rect.y + rect.height;

const overlaps = (a: PaintRect, b: PaintRect): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

class ChangeTracker {
  readonly paintedAt = new Map<number, number>();
  readonly latenciesMs: number[] = [];
  delivered = 0;
  missed = 0;
  updates = 0;
  bytes = 0;
  #last = new Map<RfbViewer, number>();

  constructor(
    private readonly region: PaintRect,
    private readonly firstColour: number,
  ) {}

  watch(viewer: RfbViewer): void {
    this.#last.set(viewer, this.firstColour - 1);
    viewer.onUpdate = (arrival) => this.#arrived(viewer, arrival);
  }

  #arrived(viewer: RfbViewer, arrival: Arrival): void {
    this.updates += 1;
    this.bytes += arrival.bytes;
    const colour = arrival.rects.find((r) => inside(this.region, r.x, r.y))?.firstPixel;
    const paintedAt = colour === undefined ? undefined : this.paintedAt.get(colour);
    const last = this.#last.get(viewer) ?? 0;
    if (colour === undefined || paintedAt === undefined || colour <= last) return;
    this.latenciesMs.push(arrival.at - paintedAt);
    this.delivered += 1;
    this.missed += colour - last - 1;
    this.#last.set(viewer, colour);
  }
}

async function quiesce(path: BenchPath): Promise<void> {
  for (const viewer of [...path.viewers, path.interactive]) {
    viewer.setActive(false);
    viewer.onUpdate = undefined;
  }
  // Each viewer may still hold one request: the next change answers it, then the path is silent.
  await sleep(300);
}

/** Paints a change every `intervalMs` (0: as soon as the X server has done the last) for `seconds`. */
async function paint(ctx: BenchContext, phase: ScreenPhase, tracker: ChangeTracker): Promise<number> {
  const start = performance.now();
  const end = start + phase.seconds * 1000;
  let changes = 0;
  while (performance.now() < end) {
    const colour = nextColour++;
    tracker.paintedAt.set(colour, performance.now());
    ctx.painter.fill(phase.region, colour);
    changes += 1;
    await ctx.painter.sync();
    const due = start + changes * phase.intervalMs;
    await sleep(Math.max(0, due - performance.now()));
  }
  return changes;
}

/** A screen phase on one path: its viewers request updates as noVNC does while the region keeps changing. */
export async function screenPhase(
  ctx: BenchContext,
  path: BenchPath,
  phase: ScreenPhase,
): Promise<PhaseOutcome> {
  // One change before measuring: it drains any request left over from another phase.
  ctx.painter.fill(phase.region, nextColour++);
  await ctx.painter.sync();
  const tracker = new ChangeTracker(phase.region, nextColour);
  for (const viewer of path.viewers) {
    tracker.watch(viewer);
    viewer.setActive(true);
  }
  await sleep(200);
  ctx.meter.start();
  const startedAt = performance.now();
  const changes = await paint(ctx, phase, tracker);
  // What is in flight when painting stops still counts (the live-fanout bench counts its drain the same way).
  await sleep(300);
  const seconds = (performance.now() - startedAt) / 1000;
  const usage = ctx.meter.stop();
  await quiesce(path);
  const { latenciesMs, delivered, missed, updates, bytes } = tracker;
  return { latenciesMs, changes, delivered, missed, updates, bytes, seconds, usage };
}

export type InputOutcome = { latenciesMs: number[]; timeouts: number };

/** X keysyms: a letter, then BackSpace to take it away again, so the terminal's line never fills up. */
const keystrokes = [0x78, 0xff08];

async function echoOf(viewer: RfbViewer, terminal: PaintRect, keysym: number): Promise<number | undefined> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(undefined), 2000);
    const sentAt = performance.now();
    viewer.onUpdate = (arrival) => {
      if (!arrival.rects.some((r) => overlaps(r, terminal))) return;
      clearTimeout(timer);
      viewer.onUpdate = undefined;
      resolve(arrival.at - sentAt);
    };
    viewer.typeKey(keysym);
  });
}

/** Keystrokes from the path's interactive session while its viewers watch; key → the echo's update. */
export async function inputPhase(ctx: BenchContext, path: BenchPath, keys: number): Promise<InputOutcome> {
  for (const viewer of path.viewers) viewer.setActive(true);
  path.interactive.setActive(true);
  await sleep(200);
  const latenciesMs: number[] = [];
  let timeouts = 0;
  for (let i = 0; i < keys; i++) {
    const latency = await echoOf(path.interactive, ctx.terminal, keystrokes[i % 2] ?? 0x78);
    if (latency === undefined) timeouts += 1;
    else latenciesMs.push(latency);
    // Let the echo reach every watcher before the next key.
    await sleep(60);
  }
  await quiesce(path);
  return { latenciesMs, timeouts };
}
