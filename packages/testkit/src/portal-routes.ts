// Every page of the portal, read from the app directory: the route (route groups and their parentheses dropped)
// and the route group it sits in, so a test or a benchmark can tell when a page exists that its list does not
// name, and whom a page is for (public, account, client, freelancer, admin).
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { portalDir } from "./portal-build.js";

/** `group`: the innermost route group's name without parentheses, or "" for a page outside any group. */
export type PortalPage = { route: string; group: string };

function pagesUnder(dir: string, route: string[], group: string): PortalPage[] {
  const found: PortalPage[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name === "page.tsx") found.push({ route: `/${route.join("/")}`, group });
    if (!entry.isDirectory() || entry.name.startsWith("_") || entry.name === "api") continue;
    const inGroup = /^\((.*)\)$/.exec(entry.name)?.[1];
    const segment = inGroup === undefined ? [entry.name] : [];
    found.push(...pagesUnder(join(dir, entry.name), [...route, ...segment], inGroup ?? group));
  }
  return found;
}

/** Every page with its route group, sorted by route. */
export function portalPageGroups(): PortalPage[] {
  return pagesUnder(join(portalDir, "src", "app"), [], "").sort((a, b) => a.route.localeCompare(b.route));
}

/** Every page's route, sorted. */
export function portalPages(): string[] {
  return pagesUnder(join(portalDir, "src", "app"), [], "")
    .map((page) => page.route)
    .sort();
}
