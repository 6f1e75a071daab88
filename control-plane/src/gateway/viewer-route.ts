// GET /viewer/: the page that opens a desktop session in a browser until the portal exists (and the one the
// browser tests drive). It serves our page plus noVNC's ES modules from the @novnc/novnc package, read into
// memory at start from a fixed list of directories: a request path is only ever a key of that table, never
// joined onto a directory, so no path can leave it.
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { readFile, readdir } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, extname, join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { sendNotFound } from "../errors/index.js";

export const viewerPath = "/viewer/";

type Asset = { body: Buffer; type: string };

const contentTypes: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

/**
 * Only our own files and same-origin modules run; the WebSocket goes back to this origin. noVNC draws the
 * local cursor from a data: URL and sets element styles from script (which style-src does not govern).
 */
export const viewerContentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

const pageDir = fileURLToPath(new URL("./viewer/", import.meta.url));
const pageFiles = ["index.html", "viewer.js", "viewer.css"];

/** The package root, found through its public entry (core/rfb.js) rather than a guessed node_modules path. */
function noVncRoot(): string {
  const entry = createRequire(import.meta.url).resolve("@novnc/novnc");
  return dirname(dirname(entry));
}

async function addTree(assets: Map<string, Asset>, root: string, dir: string, prefix: string): Promise<void> {
  const entries = await readdir(join(root, dir), { recursive: true, withFileTypes: true });
  for (const entry of entries) {
    if (!entry.isFile() || extname(entry.name) !== ".js") continue;
    const file = join(entry.parentPath, entry.name);
    const key = `${prefix}${relative(root, file).split(sep).join("/")}`;
    assets.set(key, { body: await readFile(file), type: contentTypes[".js"] ?? "" });
  }
}

/** Every file the viewer may serve, by its path under /viewer/. */
export async function viewerAssets(): Promise<Map<string, Asset>> {
  const assets = new Map<string, Asset>();
  for (const name of pageFiles) {
    assets.set(name, { body: await readFile(join(pageDir, name)), type: contentTypes[extname(name)] ?? "" });
  }
  const novnc = noVncRoot();
  // core/ imports ../vendor/pako: both directories, nothing else of the package.
  for (const dir of ["core", "vendor"]) await addTree(assets, novnc, dir, "novnc/");
  return assets;
}

function send(reply: FastifyReply, asset: Asset): FastifyReply {
  return (
    reply
      .header("content-security-policy", viewerContentSecurityPolicy)
      .header("x-content-type-options", "nosniff")
      // The page's URL may hold a ticket: never send it to anyone as a Referer.
      .header("referrer-policy", "no-referrer")
      .header("cross-origin-opener-policy", "same-origin")
      .header("cache-control", "no-store")
      .type(asset.type)
      .send(asset.body)
  );
}

type AssetRequest = FastifyRequest<{ Params: { "*": string } }>;

export async function viewerRoute(app: FastifyInstance): Promise<void> {
  const assets = await viewerAssets();
  // Without the slash the page's relative module paths would resolve against /.
  app.get("/viewer", (request, reply) => {
    const query = request.url.indexOf("?");
    return reply.redirect(viewerPath + (query < 0 ? "" : request.url.slice(query)), 308);
  });
  app.get(`${viewerPath}*`, (request: AssetRequest, reply) => {
    const asset = assets.get(request.params["*"] || "index.html");
    return asset ? send(reply, asset) : sendNotFound(request, reply);
  });
}
