// The Fastify app against the real stack: health, readiness of every dependency, problem+json, OpenAPI, metrics.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, testConfig } from "./app-harness.js";
import { buildApp } from "../src/index.js";

let app: FastifyInstance;
beforeAll(async () => {
  app = await buildTestApp();
});
afterAll(async () => app?.close());

describe("control plane app", () => {
  it("is alive and ready when PostgreSQL, Redis, Temporal and Kubernetes answer", async () => {
    expect((await app.inject({ url: "/healthz" })).json()).toEqual({ status: "ok" });
    const ready = await app.inject({ url: "/readyz" });
    expect(ready.statusCode, ready.body).toBe(200);
    expect(Object.keys(ready.json<{ checks: object }>().checks).sort()).toEqual([
      "kubernetes",
      "postgres",
      "redis",
      "temporal",
    ]);
  });

  it("names the dependency that is down in /readyz", async () => {
    const broken = await buildApp(
      testConfig({ TEMPORAL_ADDRESS: "127.0.0.1:1", READINESS_TIMEOUT_MS: "1500" }),
    );
    try {
      const ready = await broken.inject({ url: "/readyz" });
      expect(ready.statusCode).toBe(503);
      const body = ready.json<{ checks: Record<string, { ok: boolean }> }>();
      expect(body.checks.temporal?.ok).toBe(false);
      expect(body.checks.postgres?.ok).toBe(true);
    } finally {
      await broken.close();
    }
  });

  it("refuses a non-finite number in any query string with a 400 naming it (ajv coerces 1e309 to Infinity)", async () => {
    for (const url of [
      "/v1/search/freelancers?limit=1e309",
      "/v1/freelancers/nobody-here/reviews?limit=Infinity",
    ]) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(400);
      expect(response.json<{ errors: { field: string }[] }>().errors.map((e) => e.field)).toEqual(["limit"]);
    }
  });

  it("answers unknown routes with a problem+json 404", async () => {
    const response = await app.inject({ url: "/v1/nothing-here?x=1" });
    expect(response.statusCode).toBe(404);
    expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
    expect(response.json()).toMatchObject({
      status: 404,
      code: "SKP_ROUTE_NOT_FOUND",
      instance: "/v1/nothing-here",
    });
    expect(response.headers["x-request-id"]).toBeDefined();
  });

  it("publishes OpenAPI 3 generated from the route schemas, and a UI", async () => {
    const spec = (await app.inject({ url: "/docs/openapi.json" })).json<{ openapi: string; paths: object }>();
    expect(spec.openapi).toMatch(/^3\./);
    expect(Object.keys(spec.paths)).toContain("/readyz");
    expect((await app.inject({ url: "/docs" })).statusCode).toBeLessThan(400);
  });

  it("exposes RED metrics labelled by route pattern", async () => {
    await app.inject({ url: "/healthz" });
    await app.inject({ url: "/random/path/123" });
    const metrics = (await app.inject({ url: "/metrics" })).body;
    expect(metrics).toMatch(/http_requests_total\{method="GET",route="\/healthz",status_code="200"\}/);
    expect(metrics).toMatch(/route="unmatched"/);
    expect(metrics).not.toMatch(/random\/path/);
    expect(metrics).toMatch(/skillpod_control_plane_process_resident_memory_bytes/);
  });

  it("sends security headers and honours the CORS allow-list", async () => {
    const allowed = await app.inject({
      url: "/healthz",
      headers: { origin: "https://portal.skillpod.test" },
    });
    expect(allowed.headers["access-control-allow-origin"]).toBe("https://portal.skillpod.test");
    expect(allowed.headers["x-content-type-options"]).toBe("nosniff");
    const other = await app.inject({ url: "/healthz", headers: { origin: "https://evil.example" } });
    expect(other.headers["access-control-allow-origin"]).toBeUndefined();
  });
});
