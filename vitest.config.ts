import { defineConfig } from "vitest/config";

// Unit tests sit beside the code; tests under test/ talk to the local stack (make stack-up).
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
          include: ["{packages/*,operator,control-plane,workers,scripts}/test/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          fileParallelism: false,
        },
      },
    ],
  },
});

export default config;
