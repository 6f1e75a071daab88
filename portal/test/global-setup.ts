// One portal stack for every browser test file (each start bundles workflows and boots five processes).
import type { TestProject } from "vitest/node";
import { startPortalStack, type PortalStack } from "./portal-stack.js";

declare module "vitest" {
  export interface ProvidedContext {
    portal: { portalUrl: string; apiUrl: string; gatewayUrl: string };
  }
}

let stack: PortalStack | undefined;

export async function setup(project: TestProject): Promise<void> {
  stack = await startPortalStack();
  project.provide("portal", {
    portalUrl: stack.portalUrl,
    apiUrl: stack.apiUrl,
    gatewayUrl: stack.gatewayUrl,
  });
}

export async function teardown(): Promise<void> {
  await stack?.stop();
}
