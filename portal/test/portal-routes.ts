// Every page of the portal, read from the app directory (route groups and their parentheses dropped), so a
// test can tell when a page exists that its list does not name.
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { portalDir } from "@skillpod/testkit";

function pagesUnder(dir: string, route: string[]): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isFile() && entry.name === "page.tsx") found.push(`/${route.join("/")}`);
    if (!entry.isDirectory() || entry.name.startsWith("_") || entry.name === "api") continue;
    const segment = /^\(.*\)$/.test(entry.name) ? [] : [entry.name];
    found.push(...pagesUnder(join(dir, entry.name), [...route, ...segment]));
  }
  return found;
}

export function portalPages(): string[] {
  return pagesUnder(join(portalDir, "src", "app"), []).sort();
}
