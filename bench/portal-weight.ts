// The JavaScript a page of the portal ships, each body gzipped (zlib, level 6): its first load (the scripts the
// page's HTML names, what Next calls First Load JS) and all of it (every response of resource type script until
// the network is idle, so chunks a page imports after hydration, such as noVNC on the desktop page, count).
import type { PortalPage, World } from "@skillpod/testkit";
import type { BrowserContext } from "playwright-core";
import { gzipSync } from "node:zlib";

export type Visitor = "anonymous" | "freelancer" | "client" | "admin";
export type RouteWeight = {
  route: string;
  url: string;
  as: Visitor;
  status: number;
  /** Where the page ended up (path and query) when that is not `url`: a redirect. */
  landedAt: string;
  scripts: number;
  gzipBytes: number;
  /** The scripts the HTML document names (its <script src>), gzipped: the first-load JavaScript. */
  firstLoadGzipBytes: number;
};

/** Whom a page is for, by its route group: the public pages as a visitor who is not signed in. */
const visitors: Record<string, Visitor> = {
  "": "anonymous",
  public: "anonymous",
  account: "freelancer",
  freelancer: "freelancer",
  client: "client",
  admin: "admin",
};

function segmentValues(world: World): Record<string, string> {
  return {
    jobId: world.jobId,
    proposalId: world.proposalId,
    offerId: world.offerId,
    contractId: world.contractId,
    handle: world.freelancerHandle,
    conversationId: world.conversationId,
    namespace: world.workspace.namespace,
    name: world.workspace.name,
  };
}

/** The route's address in the world: each dynamic segment filled; the job search with a query. */
export function urlOf(route: string, world: World): string {
  if (route === "/jobs") return "/jobs?q=portal";
  const values = segmentValues(world);
  return route.replace(/\[(\w+)\]/g, (_, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`no value in the world for [${name}] of ${route}`);
    return encodeURIComponent(value);
  });
}

export function visitorOf(page: PortalPage): Visitor {
  const visitor = visitors[page.group];
  if (!visitor) throw new Error(`no visitor for the route group (${page.group}) of ${page.route}`);
  return visitor;
}

/** The absolute URLs of the scripts an HTML document names. */
function scriptsNamedBy(html: string, base: string): Set<string> {
  const named = new Set<string>();
  for (const match of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g))
    named.add(new URL(match[1] ?? "", base).href);
  return named;
}

export async function scriptWeight(
  context: BrowserContext,
  url: string,
): Promise<Omit<RouteWeight, "route" | "url" | "as">> {
  const page = await context.newPage();
  const sizes = new Map<string, Promise<number>>();
  page.on("response", (response) => {
    if (response.request().resourceType() !== "script" || sizes.has(response.url())) return;
    sizes.set(
      response.url(),
      response.body().then(
        (body) => gzipSync(body).length,
        () => 0,
      ),
    );
  });
  try {
    const response = await page.goto(url, { waitUntil: "load" });
    await page.waitForLoadState("networkidle", { timeout: 10_000 }).catch(() => undefined);
    const all = await Promise.all(sizes.values());
    const named = scriptsNamedBy((await response?.text()) ?? "", page.url());
    const firstLoad = await Promise.all([...sizes].filter(([url]) => named.has(url)).map(([, size]) => size));
    const landed = new URL(page.url());
    return {
      status: response?.status() ?? 0,
      landedAt: `${landed.pathname}${landed.search}`,
      scripts: all.length,
      gzipBytes: all.reduce((a, b) => a + b, 0),
      firstLoadGzipBytes: firstLoad.reduce((a, b) => a + b, 0),
    };
  } finally {
    await page.close();
  }
}
