// Limits from DEVELOPERS.md: small functions, no floating promises, explicit return types on exports.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

const nodeBuiltins = [
  "assert",
  "buffer",
  "child_process",
  "cluster",
  "crypto",
  "dgram",
  "dns",
  "events",
  "fs",
  "fs/promises",
  "http",
  "http2",
  "https",
  "net",
  "os",
  "path",
  "perf_hooks",
  "process",
  "stream",
  "timers",
  "tls",
  "url",
  "util",
  "v8",
  "vm",
  "worker_threads",
  "zlib",
].flatMap((m) => [m, `node:${m}`]);

export default tseslint.config(
  {
    ignores: [
      "**/node_modules/**",
      "**/dist/**",
      "**/.next/**",
      ".stack/**",
      "bench/results/**",
      "**/generated/**",
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      complexity: ["error", 10],
      "max-depth": ["error", 3],
      "max-params": ["error", 4],
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/explicit-module-boundary-types": "error",
      "@typescript-eslint/consistent-type-imports": "error",
      "no-restricted-exports": [
        "error",
        { restrictDefaultExports: { direct: true, named: true, defaultFrom: true } },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: "Read configuration through the package's typed config, not process.env.",
        },
      ],
    },
  },
  {
    // Config parsers (and the entry points that hand them the environment) are the one place that reads it.
    files: [
      "**/config.ts",
      "**/*.config.ts",
      "**/main.ts",
      "**/test/**",
      "**/*.test.ts",
      "bench/**",
      "scripts/**",
      "packages/testkit/**",
      "portal/next.config.ts",
    ],
    rules: { "no-restricted-syntax": "off" },
  },
  {
    // Optional chains in assertions count as branches; a test's shape is its own documentation.
    files: ["**/test/**", "**/*.test.ts", "**/*.test-support.ts"],
    rules: { complexity: "off", "max-params": "off" },
  },
  {
    files: ["**/*.config.ts", "**/*.config.js", "eslint.config.js"],
    rules: { "no-restricted-exports": "off" },
  },
  {
    // Next.js finds a route's page, layout, loading, error and metadata files by their default export.
    files: [
      "portal/src/app/**/{page,layout,loading,error,not-found,global-error,manifest,icon,route}.tsx",
      "portal/src/app/**/{manifest,sitemap,robots}.ts",
    ],
    rules: { "no-restricted-exports": "off" },
  },
  {
    // Workflows are replayed: no Node built-ins, no I/O.
    files: ["workers/src/workflows/**/*.ts"],
    rules: {
      "no-restricted-imports": [
        "error",
        {
          paths: nodeBuiltins,
          patterns: [
            "node:*",
            "pg",
            "ioredis",
            "bullmq",
            "pino",
            "stripe",
            "nodemailer",
            "@prisma/*",
            "@kubernetes/*",
            "@temporalio/client",
            "@temporalio/worker",
            "@temporalio/activity",
          ],
        },
      ],
    },
  },
  { files: ["**/*.js"], ...tseslint.configs.disableTypeChecked },
);
