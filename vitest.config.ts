import { defineConfig } from "vitest/config";

// Unit tests sit beside the code; tests under test/ talk to the local stack (make stack-up). The portal's
// browser tests share one platform of real processes (portal/test/global-setup.ts), whose operator watches
// every namespace: vitest starts a project's global setup when a run begins, so that project is only part of
// a run that names it (`--project portal` or a portal/test file); make test runs it on its own, last.
const portalNamed = process.argv.some((arg) => arg === "portal" || arg.includes("portal/test"));

const portal = {
  test: {
    name: "portal",
    include: ["portal/test/**/*.test.ts"],
    globalSetup: ["portal/test/global-setup.ts"],
    testTimeout: 180_000,
    hookTimeout: 300_000,
    fileParallelism: false,
  },
};

export const config = defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["{packages/*,operator,control-plane,workers,portal}/src/**/*.test.ts"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["{packages/*,operator,control-plane,workers,scripts,charts,terraform}/test/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
      ...(portalNamed ? [portal] : []),
    ],
  },
});

export default config;
