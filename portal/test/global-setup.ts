// One portal stack for every browser test file (each start bundles workflows and boots five processes).
import type { TestProject } from "vitest/node";
import { startPlatform, type Platform } from "@skillpod/testkit";

declare module "vitest" {
  export interface ProvidedContext {
    portal: { portalUrl: string; apiUrl: string; gatewayUrl: string };
  }
}

let stack: Platform | undefined;

export async function setup(project: TestProject): Promise<void> {
  stack = await startPlatform();
  project.provide("portal", {
    portalUrl: stack.portalUrl,
    apiUrl: stack.apiUrl,
    gatewayUrl: stack.gatewayUrl,
  });
}

export async function teardown(): Promise<void> {
  await stack?.stop();
}
