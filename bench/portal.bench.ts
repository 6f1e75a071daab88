// The portal as a browser sees it (issue 14), on the production build (the standalone server the image runs)
// with the whole platform behind it, in Debian's Chromium: web vitals of the job search, the contract room and
// the cockpit; the JavaScript every page route ships; and Open → first desktop pixels.
// Alone: npx tsx bench/portal.bench.ts with the stack's environment loaded (it builds the portal if needed).
import {
  buildWorld,
  launchChromium,
  portalPageGroups,
  startPlatform,
  useApi,
  type World,
} from "@skillpod/testkit";
import type { Browser, BrowserContext } from "playwright-core";
import { writeFileSync } from "node:fs";
import { cpus, loadavg, totalmem } from "node:os";
import { join } from "node:path";
import { ensureRunning, openToPixels } from "./portal-desktop.js";
import { openRows, targetRows, vitalsRow, weightRow, type PageVitals } from "./portal-report.js";
import { measureLoad, vitalsInitScript, vitalsMethod } from "./portal-vitals.js";
import { scriptWeight, urlOf, visitorOf, type RouteWeight, type Visitor } from "./portal-weight.js";

const settings = {
  loads: Number(process.env.BENCH_PORTAL_LOADS ?? 5),
  opens: Number(process.env.BENCH_PORTAL_OPENS ?? 5),
};
const viewport = { width: 1280, height: 800 };
const say = (message: string): void => console.log(`[portal-bench] ${message}`);
const load = loadavg()
  .map((value) => value.toFixed(1))
  .join(" / ");

type Contexts = Record<Visitor, BrowserContext>;

/** Signs in once through the portal's form; the context's cookies then sign in every page it opens. */
async function signedIn(context: BrowserContext, person: { email: string; password: string }): Promise<void> {
  const page = await context.newPage();
  await page.goto("/sign-in");
  await page.getByLabel("Email").fill(person.email);
  await page.getByLabel("Password", { exact: true }).fill(person.password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
  await page.close();
}

async function openContexts(browser: Browser, portalUrl: string, world: World): Promise<Contexts> {
  const open = async (): Promise<BrowserContext> => {
    const context = await browser.newContext({ baseURL: portalUrl, viewport });
    await context.addInitScript({ content: vitalsInitScript });
    return context;
  };
  const contexts: Contexts = {
    anonymous: await open(),
    freelancer: await open(),
    client: await open(),
    admin: await open(),
  };
  for (const who of ["freelancer", "client", "admin"] as const)
    await signedIn(contexts[who], world.people[who]);
  return contexts;
}

async function measureVitals(contexts: Contexts, world: World): Promise<PageVitals[]> {
  const pages: { page: string; url: string; as: Visitor }[] = [
    { page: "job search", url: "/jobs?q=portal", as: "freelancer" },
    { page: "contract room", url: `/contracts/${world.contractId}`, as: "client" },
    { page: "cockpit", url: "/workspaces", as: "freelancer" },
  ];
  const measured: PageVitals[] = [];
  for (const p of pages) {
    const loads = [];
    for (let i = 0; i < settings.loads; i++) loads.push(await measureLoad(contexts[p.as], p.url));
    measured.push({ ...p, loads });
    say(`${p.page}: ${loads.map((l) => `LCP ${Math.round(l.lcpMs)} ms`).join(", ")}`);
  }
  return measured;
}

async function measureWeights(contexts: Contexts, world: World): Promise<RouteWeight[]> {
  const weights: RouteWeight[] = [];
  for (const page of portalPageGroups()) {
    const as = visitorOf(page);
    const url = urlOf(page.route, world);
    const weight = await scriptWeight(contexts[as], url);
    weights.push({ route: page.route, url, as, ...weight });
    say(
      `${page.route} as ${as}: ${weight.status} at ${weight.landedAt}, ${weight.scripts} scripts, ${weight.firstLoadGzipBytes} B first-load / ${weight.gzipBytes} B all (gzip)`,
    );
  }
  return weights;
}

async function measureOpen(contexts: Contexts, world: World): Promise<number[]> {
  await ensureRunning(world);
  const page = await contexts.freelancer.newPage();
  try {
    const times = await openToPixels(page, settings.opens);
    say(`Open → first pixels: ${times.map((t) => Math.round(t)).join(", ")} ms`);
    return times;
  } finally {
    await page.close();
  }
}

function description(chromium: string): string {
  return (
    "The production portal (next build, the standalone server.js the image runs) on 127.0.0.1 with the platform behind it (packages/testkit startPlatform: API, gateway, workers, payment sandbox, operator), " +
    `and a world made over the API (a client and a freelancer with a contract whose first milestone is funded, so its SkillPod runs). Chromium ${chromium} headless (Debian /usr/bin/chromium, playwright-core), ${viewport.width}×${viewport.height}, no network or CPU throttling; each person signs in once through the portal's form and every page opens in that browser context (its HTTP cache warm after the first load). ` +
    `Web vitals: median of ${settings.loads} loads per page, a new page each, read 1 s after the load event by PerformanceObserver installed with addInitScript. LCP: ${vitalsMethod.lcp}; CLS: ${vitalsMethod.cls}; TBT: ${vitalsMethod.tbt}. ` +
    "JavaScript per route: every page.tsx of portal/src/app (testkit portalPageGroups), dynamic segments filled from the world, loaded once as whom its route group is for (public: not signed in; account and freelancer: the freelancer; client; admin); first-load JavaScript: the scripts the page's HTML names (its <script src>, what Next calls First Load JS), and all JavaScript: every response of resource type script until the network is idle (chunks imported after hydration, such as noVNC on the desktop page, included); each body gzipped (zlib level 6), summed; kB = 1000 bytes. The target applies to the first load. " +
    `Open → first desktop pixels: the freelancer on /workspaces clicks the first Open (a new single-use ticket each time); from the click until the noVNC canvas (#desktop-screen canvas, read with getImageData) shows a pixel that is not black; ${settings.opens} runs, back to /workspaces between them. ` +
    `Load average when the run started: ${load}.`
  );
}

async function main(): Promise<void> {
  const platform = await startPlatform();
  let browser: Browser | undefined;
  try {
    useApi(platform.apiUrl);
    const world = await buildWorld();
    browser = await launchChromium();
    say(`portal ${platform.portalUrl}, contract ${world.contractId}, SkillPod ${world.workspace.name}`);
    const contexts = await openContexts(browser, platform.portalUrl, world);
    const vitals = await measureVitals(contexts, world);
    const weights = await measureWeights(contexts, world);
    const openMs = await measureOpen(contexts, world);
    write(description(browser.version()), { vitals, weights, openMs });
  } finally {
    await browser?.close();
    await platform.stop();
  }
}

function write(
  text: string,
  measured: { vitals: PageVitals[]; weights: RouteWeight[]; openMs: number[] },
): void {
  const { vitals, weights, openMs } = measured;
  const result = {
    name: "Portal: web vitals, JavaScript per route and Open → first desktop pixels in Chromium",
    date: new Date().toISOString(),
    description: text,
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model ?? "cpu",
      memoryGiB: Math.round(totalmem() / 2 ** 30),
      node: process.version,
      loadAverage: load,
    },
    method: { ...vitalsMethod },
    rows: targetRows(vitals, weights, openMs),
    tables: [
      { title: `Web vitals, median of ${settings.loads} loads:`, rows: vitals.map(vitalsRow) },
      { title: "JavaScript shipped per route (gzip):", rows: weights.map(weightRow) },
      { title: "Open → first desktop pixels, each run:", rows: openRows(openMs) },
    ],
    raw: { vitals, weights, openMs },
  };
  const file = join(import.meta.dirname, "results", "portal.json");
  writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
  for (const table of [result.rows, ...result.tables.map((t) => t.rows)]) console.table(table);
}

await main();
