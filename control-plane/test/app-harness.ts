// Builds the real control plane against the local stack (PostgreSQL as the app role, Redis, Temporal, K8s).
import { stackEnv } from "@skillpod/testkit";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { expect } from "vitest";
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { buildApp, loadControlPlaneConfig, type ControlPlaneConfig } from "../src/index.js";

export const internalToken = randomBytes(32).toString("hex");

export function testConfig(overrides: Record<string, string> = {}): ControlPlaneConfig {
  return loadControlPlaneConfig({
    APP_DATABASE_URL: stackEnv("TEST_APP_DATABASE_URL"),
    REDIS_URL: stackEnv("REDIS_URL"),
    TEMPORAL_ADDRESS: stackEnv("TEMPORAL_ADDRESS"),
    KUBECONFIG: stackEnv("KUBECONFIG"),
    MFA_ENCRYPTION_KEY: randomBytes(32).toString("base64"),
    INTERNAL_API_TOKEN: internalToken,
    LOG_LEVEL: process.env.CONTROL_PLANE_TEST_LOG ?? "silent",
    CORS_ORIGINS: "https://portal.skillpod.test",
    // Every test signs in from 127.0.0.1, and all share Redis: the cross-account cap (rate-limits.test.ts
    // tests it) would throttle them all together.
    RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE: "1000000",
    ...overrides,
  });
}

export async function buildTestApp(overrides: Record<string, string> = {}): Promise<FastifyInstance> {
  const app = await buildApp(testConfig(overrides));
  await app.ready();
  await settled(app);
  return app;
}

/**
 * under-pressure reads the event loop once a second, and its first reading covers the app's build (every
 * route's schemas compiled), which can block the loop past the 1 s limit on a loaded machine: the app then
 * answers 503 for a second. Tests start once a reading was taken (rssBytes is 0 before the first) and is fine.
 */
async function settled(app: FastifyInstance, deadline = Date.now() + 6000): Promise<void> {
  const ready = (): boolean => app.memoryUsage().rssBytes > 0 && !app.isUnderPressure();
  while (!ready() && Date.now() < deadline) await sleep(50);
}

/** A problem+json answer with this status and SKP_ code (the body is shown when the status differs). */
export function expectProblem(response: LightMyRequestResponse, status: number, code: string): void {
  expect(response.statusCode, response.body).toBe(status);
  expect(response.headers["content-type"]).toMatch(/^application\/problem\+json/);
  expect(response.json<{ code: string }>().code).toBe(code);
}
