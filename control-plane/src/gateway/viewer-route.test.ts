import Fastify, { type FastifyInstance } from "fastify";
import { posix } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { viewerAssets, viewerContentSecurityPolicy, viewerRoute } from "./viewer-route.js";

let app: FastifyInstance;

beforeAll(async () => {
  app = Fastify();
  await app.register(viewerRoute);
  await app.ready();
});

afterAll(async () => {
  await app.close();
});

const get = (url: string) => app.inject({ method: "GET", url });

describe("viewer route", () => {
  it("serves the page with a Content-Security-Policy, no referrer and no caching", async () => {
    const page = await get("/viewer/");
    expect(page.statusCode).toBe(200);
    expect(page.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(page.headers["content-security-policy"]).toBe(viewerContentSecurityPolicy);
    expect(page.headers["content-security-policy"]).toContain("script-src 'self'");
    expect(page.headers["referrer-policy"]).toBe("no-referrer");
    expect(page.headers["x-content-type-options"]).toBe("nosniff");
    expect(page.body).toContain('<script type="module" src="viewer.js">');
    expect((await get("/viewer/index.html")).body).toBe(page.body);
  });

  it("serves our script and style and noVNC's modules with their content types", async () => {
    expect((await get("/viewer/viewer.js")).headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect((await get("/viewer/viewer.css")).headers["content-type"]).toBe("text/css; charset=utf-8");
    const rfb = await get("/viewer/novnc/core/rfb.js");
    expect(rfb.statusCode).toBe(200);
    expect(rfb.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(rfb.body).toContain("export default class RFB");
    expect((await get("/viewer/novnc/vendor/pako/lib/zlib/inflate.js")).statusCode).toBe(200);
  });

  it("redirects /viewer to /viewer/ keeping the query, so the page's relative imports resolve", async () => {
    const moved = await get("/viewer?mode=watch");
    expect(moved.statusCode).toBe(308);
    expect(moved.headers.location).toBe("/viewer/?mode=watch");
  });

  it.each([
    "/viewer/../package.json",
    "/viewer/..%2fpackage.json",
    "/viewer/%2e%2e/%2e%2e/package.json",
    "/viewer/novnc/../../../package.json",
    "/viewer/novnc/core/..%2f..%2fpackage.json",
    "/viewer/novnc/package.json",
    "/viewer/novnc/LICENSE.txt",
    "/viewer/novnc/docs/API.md",
    "/viewer/viewer-route.ts",
    "/viewer//etc/passwd",
    "/viewer/novnc/core/RFB.JS",
  ])("answers 404 for %s: only listed files exist", async (url) => {
    const response = await get(url);
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain("export default");
  });

  it("serves every module the viewer's imports reach (the allow-list is complete)", async () => {
    const assets = await viewerAssets();
    const missing: string[] = [];
    let imports = 0;
    for (const [key, asset] of assets) {
      if (!key.endsWith(".js")) continue;
      const specifiers = asset.body
        .toString()
        .matchAll(/^\s*(?:import|export)[^'"]*?from\s+["']([^"']+)["']/gm);
      for (const [, specifier = ""] of specifiers) {
        imports++;
        const target = posix.normalize(posix.join(posix.dirname(key), specifier));
        if (!assets.has(target)) missing.push(`${key} → ${specifier}`);
      }
    }
    expect(missing).toEqual([]);
    expect(imports).toBeGreaterThan(50);
    expect(assets.has("novnc/core/rfb.js")).toBe(true);
  });
});
