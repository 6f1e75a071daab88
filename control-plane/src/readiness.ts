import { VersionApi } from "@kubernetes/client-node";
import { Connection } from "@temporalio/client";
import type { Redis } from "ioredis";
import type { PrismaClient } from "./database.js";
import { loadKubeConfig } from "./kube-config.js";

export type DependencyCheck = { name: string; check: () => Promise<void> };
export type ReadinessReport = {
  ready: boolean;
  checks: Record<string, { ok: boolean; ms: number; error?: string }>;
};

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Runs every check in parallel, each bounded by `timeoutMs`; the report names what failed. */
export async function checkReadiness(checks: DependencyCheck[], timeoutMs: number): Promise<ReadinessReport> {
  const results = await Promise.all(
    checks.map(async ({ name, check }) => {
      const started = performance.now();
      try {
        await withTimeout(check(), timeoutMs);
        return [name, { ok: true, ms: Math.round(performance.now() - started) }] as const;
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        return [
          name,
          { ok: false, ms: Math.round(performance.now() - started), error: message.split("\n")[0] },
        ] as const;
      }
    }),
  );
  const report: ReadinessReport["checks"] = {};
  for (const [name, result] of results) report[name] = result;
  return { ready: results.every(([, r]) => r.ok), checks: report };
}

type Deps = {
  prisma: PrismaClient;
  redis: Redis;
  temporalAddress: string;
  kubeconfig?: string;
  inCluster?: string;
};

/** PostgreSQL, Redis, Temporal and the Kubernetes API: what the control plane cannot serve without. */
export function dependencyChecks(deps: Deps): DependencyCheck[] {
  const kubeConfig = loadKubeConfig(deps.kubeconfig, deps.inCluster);
  return [
    { name: "postgres", check: async () => void (await deps.prisma.$queryRaw`SELECT 1`) },
    { name: "redis", check: async () => void (await deps.redis.ping()) },
    {
      name: "temporal",
      check: async () => {
        const connection = await Connection.connect({ address: deps.temporalAddress, connectTimeout: 1500 });
        try {
          await connection.workflowService.getSystemInfo({});
        } finally {
          await connection.close();
        }
      },
    },
    { name: "kubernetes", check: async () => void (await kubeConfig.makeApiClient(VersionApi).getCode()) },
  ];
}
