import type { NextConfig } from "next";
import { PHASE_DEVELOPMENT_SERVER } from "next/constants";
import { securityHeaders } from "./src/server/security-headers";

export default function nextConfig(phase: string): NextConfig {
  const development = phase === PHASE_DEVELOPMENT_SERVER;
  return {
    output: "standalone",
    poweredByHeader: false,
    reactStrictMode: true,
    // No AGENTS.md written into the tree on every `next dev`.
    agentRules: false,
    experimental: { agentUpgrade: false },
    // The monorepo root: standalone output traces the workspace's node_modules from there.
    outputFileTracingRoot: new URL("..", import.meta.url).pathname,
    headers: () => Promise.resolve([{ source: "/:path*", headers: securityHeaders({ development }) }]),
  };
}
