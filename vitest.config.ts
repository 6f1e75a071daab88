import { defineConfig } from "vitest/config";

// Unit tests sit beside the code; tests under test/ talk to the local stack (make stack-up). The portal's
// browser tests share one stack of real processes (started once, in portal/test/global-setup.ts) and run
// after the other groups, so the machine never runs both at once.
export const config = defineConfig({
  test: {
    projects: [
      {
        test: {
          name: "unit",
          include: ["{packages/*,operator,control-plane,workers,portal}/src/**/*.test.ts"],
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: {
          name: "integration",
          include: ["{packages/*,operator,control-plane,workers,scripts}/test/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
      {
        test: {
          name: "portal",
          include: ["portal/test/**/*.test.ts"],
          globalSetup: ["portal/test/global-setup.ts"],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          fileParallelism: false,
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});

export default config;
