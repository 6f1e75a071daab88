// A SkillPod's desktop in real Chromium through the viewer the gateway serves: the operator makes the Pod, the
// stack's desktop runner runs its Xvnc, the API issues the tickets, the gateway proxies. The owner sees the
// desktop and types into its terminal; a watcher sees the same screen and, with noVNC's viewOnly switched
// off in its page, types nothing: the gateway drops it on the wire.
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import {
  differingBlocks,
  launchChromium,
  screenOf as canvasScreenOf,
  terminalOn as terminalOnCanvas,
  typeInTerminal as typeInCanvasTerminal,
  type Screen,
} from "@skillpod/testkit";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createDesktopSkillPod,
  startDesktopStack,
  waitForDesktop,
  type DesktopSkillPod,
  type DesktopStack,
  type RunningDesktop,
} from "./desktop-browser-harness.js";
import { metricsOf, sampleOf, ticketFor } from "./gateway-harness.js";

const screenshots = join(import.meta.dirname, "..", "..", ".stack", "screenshots");
let stack: DesktopStack;
let browser: Browser;
let skillPod: DesktopSkillPod;
let desktop: RunningDesktop;
const pages: Page[] = [];

beforeAll(async () => {
  mkdirSync(screenshots, { recursive: true });
  stack = await startDesktopStack();
  skillPod = await createDesktopSkillPod(stack);
  [desktop, browser] = await Promise.all([waitForDesktop(skillPod), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await stack?.stop();
});

type Mode = "interactive" | "watch";

/** Everything a page reported as an error (a Content-Security-Policy violation among them). */
const pageErrors = new Map<Page, string[]>();

async function loadViewer(ticket: string, mode: Mode): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
  pages.push(page);
  const errors: string[] = [];
  pageErrors.set(page, errors);
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(error.message));
  const launch = new URLSearchParams({ ticket, mode, skillpod: `${skillPod.namespace}/${skillPod.name}` });
  await page.goto(`${stack.gateway.base}/viewer/#${launch.toString()}`);
  return page;
}

async function openViewer(ticket: string, mode: Mode): Promise<Page> {
  const page = await loadViewer(ticket, mode);
  await page.waitForSelector('body[data-state="connected"]', { timeout: 20_000 });
  return page;
}

/** The page's globals this test reads (the project's TypeScript has no DOM library). */
type PageGlobals = { skillpodViewer?: { rfb: { viewOnly: boolean } } };

const canvas = "#screen canvas";
const screenOf = (page: Page): Promise<Screen> => canvasScreenOf(page, canvas);
const terminalOn = (page: Page): Promise<Screen> => terminalOnCanvas(page, canvas);
const typeInTerminal = (page: Page, screen: Screen, line: string): Promise<void> =>
  typeInCanvasTerminal(page, canvas, screen, line);

const readHome = (file: string): string | undefined => {
  const path = join(desktop.home, file);
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
};

/** Key messages the gateway dropped: noVNC sends QEMU extended key events when the desktop offers them. */
async function droppedKeys(): Promise<number> {
  const text = await metricsOf(stack.gateway.base);
  const name = "skillpod_gateway_dropped_input_messages_total";
  return sampleOf(text, name, 'type="KeyEvent"') + sampleOf(text, name, 'type="QemuKeyEvent"');
}

describe("a SkillPod's desktop in Chromium", () => {
  let owner: Page;
  let watcher: Page;

  it("shows the owner the desktop's pixels, and what the owner types lands in the SkillPod's HOME", async () => {
    owner = await openViewer(await ticketFor(stack.app, stack.owner, skillPod), "interactive");
    expect(await owner.locator("#release-keyboard").isVisible()).toBe(true);
    expect(await owner.locator("#watch-banner").isVisible()).toBe(false);
    // The ticket is used up: it is gone from the address bar.
    expect(owner.url()).not.toContain("ticket");

    const screen = await terminalOn(owner);
    expect(screen).toMatchObject({ width: 1280, height: 800 });
    expect(screen.colours).toBeGreaterThan(2);
    // xterm's 80x24 window: large, but far from the whole screen.
    expect(screen.box.x1 - screen.box.x0).toBeGreaterThan(300);
    expect(screen.white).toBeLessThan(screen.width * screen.height * 0.6);
    await owner.screenshot({ path: join(screenshots, "desktop-owner.png") });

    await typeInTerminal(owner, screen, "echo owner > ~/typed");
    await expect.poll(() => readHome("typed"), { timeout: 15_000 }).toBe("owner\n");

    // Released, the page keeps its keys: nothing of this line reaches the terminal (the next test's line
    // would run garbled otherwise).
    await owner.locator("#release-keyboard").click();
    expect(await owner.locator("#status").textContent()).toContain("Keyboard released");
    await owner.keyboard.type("echo released > ~/typed3");
    await owner.keyboard.press("Enter");
    await sleep(1000);
    expect(readHome("typed3")).toBeUndefined();
  });

  it("shows a watcher the same screen, drops every key the watcher's page sends, and keeps the owner connected", async () => {
    watcher = await openViewer(await ticketFor(stack.app, stack.watcher, skillPod), "watch");
    const banner = watcher.locator("#watch-banner");
    expect(await banner.isVisible()).toBe(true);
    expect(await banner.textContent()).toBe(
      `Watch-only: you are watching ${skillPod.namespace}/${skillPod.name}; your keyboard and mouse are not sent`,
    );
    const viewOnly = (): boolean | undefined =>
      (globalThis as unknown as PageGlobals).skillpodViewer?.rfb.viewOnly;
    expect(await watcher.evaluate(viewOnly)).toBe(true);
    // The page's own lock off: only the gateway (and the desktop's view-only password) stand in the way.
    await watcher.evaluate(() => {
      const viewer = (globalThis as unknown as PageGlobals).skillpodViewer;
      if (viewer) viewer.rfb.viewOnly = false;
    });
    expect(await watcher.evaluate(viewOnly)).toBe(false);

    const screen = await terminalOn(watcher);
    const before = await droppedKeys();
    await typeInTerminal(watcher, screen, "echo watcher > ~/typed2");
    // Every key down and up of 23 characters and Enter reached the gateway and was dropped there.
    await expect.poll(droppedKeys, { timeout: 10_000 }).toBeGreaterThanOrEqual(before + 48);
    await watcher.screenshot({ path: join(screenshots, "desktop-watcher.png") });

    expect(await owner.getAttribute("body", "data-state")).toBe("connected");
    const watcherBefore = await screenOf(watcher);
    await typeInTerminal(owner, await screenOf(owner), "echo after-watcher >> ~/typed");
    // The terminal's line held nothing of the watcher's: the owner's command ran as typed.
    await expect.poll(() => readHome("typed"), { timeout: 15_000 }).toBe("owner\nafter-watcher\n");
    await sleep(1000);
    expect(readHome("typed2")).toBeUndefined();

    // Both pages draw the same framebuffer once the last update is in.
    await expect
      .poll(async () => differingBlocks(await screenOf(watcher), await screenOf(owner)), { timeout: 10_000 })
      .toBe(0);
    // The comparison sees a difference as small as one typed line: the watcher's screen changed with it.
    expect(differingBlocks(watcherBefore, await screenOf(watcher))).toBeGreaterThan(3);
    await owner.screenshot({ path: join(screenshots, "desktop-owner-after-watcher.png") });
    expect(await watcher.getAttribute("body", "data-state")).toBe("connected");
  });

  it("says the gateway refused a used ticket, while the session it opened stays", async () => {
    const ticket = await ticketFor(stack.app, stack.owner, skillPod);
    const first = await openViewer(ticket, "interactive");
    const again = await loadViewer(ticket, "interactive");
    await again.waitForSelector('body[data-state="disconnected"]', { timeout: 10_000 });
    expect(await again.locator("#disconnected-reason").textContent()).toContain(
      "The session gateway refused the session",
    );
    expect(await first.getAttribute("body", "data-state")).toBe("connected");
    await first.close();
  });

  it("tells both pages why the session ended when the owner stops the SkillPod", async () => {
    const stopped = await stack.app.inject({
      method: "POST",
      url: `/v1/workspaces/${skillPod.namespace}/${skillPod.name}/stop`,
      headers: stack.owner.headers,
    });
    expect(stopped.statusCode, stopped.body).toBe(202);
    for (const page of [owner, watcher]) {
      await page.waitForSelector('body[data-state="disconnected"]', { timeout: 10_000 });
      expect(await page.locator("#disconnected").isVisible()).toBe(true);
      expect(await page.locator("#disconnected-reason").textContent()).toMatch(/SkillPod.*\(code 4210\)\.$/);
    }
    await watcher.screenshot({ path: join(screenshots, "desktop-watcher-disconnected.png") });
    // noVNC ran under the page's Content-Security-Policy without a violation or an uncaught error.
    expect([...(pageErrors.get(owner) ?? []), ...(pageErrors.get(watcher) ?? [])]).toEqual([]);
  });
});
