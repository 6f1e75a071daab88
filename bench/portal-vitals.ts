// Web vitals of one page load in Chromium, from PerformanceObserver entries an init script collects before the
// page's own scripts run (the way web-vitals reads them, without the library): LCP, CLS and TBT.
import type { BrowserContext } from "playwright-core";

export type Vitals = { lcpMs: number; cls: number; tbtMs: number; fcpMs: number; loadMs: number };

/** How each figure is measured, for the results file. */
export const vitalsMethod = {
  lcp: "startTime of the last largest-contentful-paint entry before the reading (load event + 1 s)",
  cls: "largest session window of layout-shift entries without hadRecentInput (windows end after a 1 s gap or at 5 s), until load event + 1 s",
  tbt: "sum over longtask entries of (duration − 50 ms), each task clipped to [first-contentful-paint, load event + 1 s]",
} as const;

/** Installed with context.addInitScript: runs in each new document before its scripts. */
export const vitalsInitScript = `(() => {
  const v = { lcp: NaN, cls: 0, window: 0, windowStart: -Infinity, lastShift: -Infinity, longTasks: [] };
  globalThis.__benchVitals = v;
  const observe = (type, each) => {
    try {
      new PerformanceObserver((list) => list.getEntries().forEach(each)).observe({ type, buffered: true });
    } catch {}
  };
  observe("largest-contentful-paint", (e) => { v.lcp = e.startTime; });
  observe("layout-shift", (e) => {
    if (e.hadRecentInput) return;
    if (e.startTime - v.lastShift > 1000 || e.startTime - v.windowStart > 5000) {
      v.window = 0;
      v.windowStart = e.startTime;
    }
    v.window += e.value;
    v.lastShift = e.startTime;
    v.cls = Math.max(v.cls, v.window);
  });
  observe("longtask", (e) => { v.longTasks.push([e.startTime, e.duration]); });
})();`;

const readVitals = `(() => {
  const v = globalThis.__benchVitals;
  const nav = performance.getEntriesByType("navigation")[0];
  const fcp = performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? NaN;
  const end = nav.loadEventEnd + 1000;
  const tbt = v.longTasks.reduce((sum, [start, duration]) => {
    const clipped = Math.min(start + duration, end) - Math.max(start, fcp);
    return sum + Math.max(0, clipped - 50);
  }, 0);
  return { lcpMs: v.lcp, cls: v.cls, tbtMs: tbt, fcpMs: fcp, loadMs: nav.loadEventEnd };
})()`;

/** Loads `url` in a new page of `context` (signed in by its cookies), reads its vitals 1 s after the load event. */
export async function measureLoad(context: BrowserContext, url: string): Promise<Vitals> {
  const page = await context.newPage();
  try {
    const response = await page.goto(url, { waitUntil: "load" });
    if ((response?.status() ?? 0) >= 400) throw new Error(`${url} answered ${response?.status()}`);
    await page.waitForTimeout(1000);
    return await page.evaluate<Vitals>(readVitals);
  } finally {
    await page.close();
  }
}
