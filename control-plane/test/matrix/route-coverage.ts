// Which routes the matrix covers: every route the app serves, read from its router, against the table's entries.
import type { FastifyInstance } from "fastify";
import type { Entry } from "./matrix-types.js";

export type RouteKey = { method: string; url: string; key: string };

/**
 * Every route of the app, from printRoutes(): the router's radix tree, one node a line
 * ("<indent>├── <segment> (<METHODS>)"), each node's path being its parent's plus its segment. (The flatter
 * commonPrefix: false rendering drops segments above wildcard nodes: /docs/static/* shows as /docs/*.)
 */
export function routesOf(app: FastifyInstance): RouteKey[] {
  const routes: RouteKey[] = [];
  const pathAt: string[] = [];
  for (const line of app.printRoutes().split("\n")) {
    const marker = line.search(/[├└]── /);
    if (marker < 0) continue;
    const depth = marker / 4;
    const node = /^(.*?)(?: \(([A-Z, ]+)\))?$/.exec(line.slice(marker + 4));
    const segment = node?.[1] === "(empty root node)" ? "" : (node?.[1] ?? "");
    pathAt[depth] = `${pathAt[depth - 1] ?? ""}${segment}`;
    pathAt.length = depth + 1;
    for (const method of node?.[2]?.split(", ") ?? []) {
      const url = pathAt[depth] ?? "";
      routes.push({ method, url, key: `${method} ${url}` });
    }
  }
  return routes;
}

/** The entry a route is checked against: its own, or for a HEAD route Fastify derived, its GET's. */
export function entryFor(route: RouteKey, table: Record<string, Entry>): Entry | undefined {
  return table[route.key] ?? (route.method === "HEAD" ? table[`GET ${route.url}`] : undefined);
}

export function missingEntries(routes: RouteKey[], table: Record<string, Entry>): string[] {
  return routes.filter((route) => !entryFor(route, table)).map((route) => route.key);
}

export function staleEntries(routes: RouteKey[], table: Record<string, Entry>): string[] {
  const served = new Set(routes.map((route) => route.key));
  return Object.keys(table).filter((key) => !served.has(key));
}

export function withoutObject(routes: RouteKey[], table: Record<string, Entry>): string[] {
  return routes
    .filter((route) => route.url.includes("/:") && !entryFor(route, table)?.object)
    .map((route) => route.key);
}
