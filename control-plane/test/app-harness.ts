// Builds the real control plane against the local stack (PostgreSQL as the app role, Redis, Temporal, K8s).
import { stackEnv } from "@skillpod/testkit";
import type { FastifyInstance } from "fastify";
import { randomBytes } from "node:crypto";
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
    ...overrides,
  });
}

export async function buildTestApp(overrides: Record<string, string> = {}): Promise<FastifyInstance> {
  const app = await buildApp(testConfig(overrides));
  await app.ready();
  return app;
}
