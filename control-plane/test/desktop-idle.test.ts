// Idle auto-stop end to end: the gateway marks a SkillPod active from an interactive session's input, the
// operator warns (IdleWarning) and then stops it once that input stops; a watcher's traffic alone (input the
// gateway drops, update requests, fences) never keeps it alive. Real operator, runner, Xvnc and gateway.
import { activityAnnotation, type SkillPod } from "@skillpod/api";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  conditionOf,
  createDesktopSkillPod,
  readSkillPod,
  startDesktopStack,
  waitForDesktop,
  type DesktopSkillPod,
  type DesktopStack,
  type RunningDesktop,
} from "./desktop-browser-harness.js";
import { ticketFor } from "./gateway-harness.js";
import { RfbClient, everyInputMessage, rfbMessages } from "./gateway-rfb-client.js";

/** The CRD's shortest timeout; the warning comes `warnSeconds` before the stop. */
const idle = { timeoutSeconds: 60, warnSeconds: 30 };
/** Well under idle.timeoutSeconds - idle.warnSeconds, so a typing owner's writes are seen in time. */
const activityIntervalSeconds = 2;
/** The operator acts on a requeue at the due time (measured: under 0.4 s late); this allows for a loaded machine. */
const lateMs = 6000;

let stack: DesktopStack;

beforeAll(async () => {
  stack = await startDesktopStack({ GATEWAY_ACTIVITY_INTERVAL_SECONDS: String(activityIntervalSeconds) });
});

afterAll(async () => {
  await stack?.stop();
});

async function session(ticket: string): Promise<RfbClient> {
  const client = await RfbClient.connect(`${stack.gateway.url}?ticket=${ticket}`);
  await client.handshake();
  client.send(rfbMessages.setEncodings([0]));
  return client;
}

type Observed = { warnedAt?: number; stoppedAt?: number; annotations: Set<string> };

const stopped = (s: SkillPod): boolean => s.spec.state === "Stopped" || s.status?.phase === "Stopped";

/** Reads the SkillPod every 500 ms until it is stopped: when IdleWarning first read True, when it stopped. */
async function watchLifecycle(ref: DesktopSkillPod, until: number): Promise<Observed> {
  const observed: Observed = { annotations: new Set() };
  while (Date.now() < until) {
    const s = await readSkillPod(ref);
    const annotation = s.metadata?.annotations?.[activityAnnotation];
    if (annotation) observed.annotations.add(annotation);
    if (observed.warnedAt === undefined && conditionOf(s, "IdleWarning") === "True")
      observed.warnedAt = Date.now();
    if (stopped(s)) {
      observed.stoppedAt = Date.now();
      return observed;
    }
    await sleep(500);
  }
  return observed;
}

/** Sends `messages` every second until `signal` ends; returns how many rounds went out. */
async function keepSending(
  client: RfbClient,
  messages: () => Buffer[],
  until: () => boolean,
): Promise<number> {
  let rounds = 0;
  while (!until() && client.open) {
    client.send(...messages());
    rounds++;
    await sleep(1000);
  }
  return rounds;
}

const latest = (annotations: Set<string>): number => Math.max(...[...annotations].map((a) => Date.parse(a)));

async function ownerTypesThenStops(skillPod: DesktopSkillPod, desktop: RunningDesktop): Promise<void> {
  const client = await session(await ticketFor(stack.app, stack.owner, skillPod));
  // Typing until well past the time an untouched SkillPod would have been warned.
  const typingUntil = desktop.startedAt + (idle.timeoutSeconds - idle.warnSeconds + 15) * 1000;
  let x = 10;
  const watching = watchLifecycle(skillPod, typingUntil);
  await keepSending(
    client,
    () => [
      rfbMessages.pointer(0, (x = (x + 37) % 600), 200),
      rfbMessages.key(true, 0xffe1),
      rfbMessages.key(false, 0xffe1),
    ],
    () => Date.now() >= typingUntil,
  );
  const whileTyping = await watching;
  expect(whileTyping.warnedAt, "warned while the owner typed").toBeUndefined();
  expect(whileTyping.stoppedAt, "stopped while the owner typed").toBeUndefined();
  expect(whileTyping.annotations.size).toBeGreaterThan(3);

  // Silence. The last mark is at most one interval old; it is the idle clock's start.
  await sleep(activityIntervalSeconds * 1000 + 1000);
  const after = await watchLifecycle(skillPod, Date.now() + (idle.timeoutSeconds * 1000 + lateMs));
  const lastActivity = latest(new Set([...whileTyping.annotations, ...after.annotations]));
  expect(lastActivity).toBeGreaterThan(typingUntil - (activityIntervalSeconds + 2) * 1000);
  const warnDue = lastActivity + (idle.timeoutSeconds - idle.warnSeconds) * 1000;
  const stopDue = lastActivity + idle.timeoutSeconds * 1000;
  expect(after.warnedAt, "IdleWarning after the owner stopped typing").toBeGreaterThanOrEqual(warnDue - 1000);
  expect(after.warnedAt).toBeLessThanOrEqual(warnDue + lateMs);
  expect(after.stoppedAt, "stopped after the idle timeout").toBeGreaterThanOrEqual(stopDue - 1000);
  expect(after.stoppedAt).toBeLessThanOrEqual(stopDue + lateMs);
  const closed = await Promise.race([client.closed, sleep(10_000).then(() => ({ code: 0, reason: "open" }))]);
  expect(closed.code).toBe(4210);
}

async function watcherAloneStops(skillPod: DesktopSkillPod, desktop: RunningDesktop): Promise<void> {
  const client = await session(await ticketFor(stack.app, stack.watcher, skillPod));
  let done = false;
  const sending = keepSending(
    client,
    () => [
      ...everyInputMessage(),
      rfbMessages.updateRequest(true, 1280, 800),
      rfbMessages.fence(Buffer.from("idle")),
    ],
    () => done,
  );
  const observed = await watchLifecycle(
    skillPod,
    desktop.startedAt + idle.timeoutSeconds * 1000 + lateMs + 5000,
  );
  done = true;
  const rounds = await sending;
  expect(rounds, "the watcher kept sending until the stop").toBeGreaterThan(idle.timeoutSeconds / 2);
  expect(observed.annotations.size, "a watcher never marks the SkillPod active").toBe(0);
  const warnDue = desktop.startedAt + (idle.timeoutSeconds - idle.warnSeconds) * 1000;
  const stopDue = desktop.startedAt + idle.timeoutSeconds * 1000;
  expect(observed.warnedAt, "IdleWarning with only a watcher").toBeGreaterThanOrEqual(warnDue - 1000);
  expect(observed.warnedAt).toBeLessThanOrEqual(warnDue + lateMs);
  expect(observed.stoppedAt, "stopped on time with only a watcher").toBeGreaterThanOrEqual(stopDue - 1000);
  expect(observed.stoppedAt).toBeLessThanOrEqual(stopDue + lateMs);
}

describe("idle auto-stop through the gateway", () => {
  it("warns and stops a SkillPod once its owner stops typing, and on time when only a watcher is connected", async () => {
    const [typed, watched] = await Promise.all([
      createDesktopSkillPod(stack, { idle }),
      createDesktopSkillPod(stack, { idle }),
    ]);
    const [typedDesktop, watchedDesktop] = await Promise.all([
      waitForDesktop(typed),
      waitForDesktop(watched),
    ]);
    // Both at once: the two clocks run side by side, so the test takes one timeout, not two.
    await Promise.all([ownerTypesThenStops(typed, typedDesktop), watcherAloneStops(watched, watchedDesktop)]);
  }, 300_000);
});
