// The benchmarks' own database beside the test database (same server and roles): a 100k-row marketplace
// must not live in the database `make test` shares, where it would slow every test and crowd their results.
// Created and migrated on first use; the seed inside it is reused across runs.
import { stackEnv } from "@skillpod/testkit";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import pg from "pg";

export const benchDatabaseName = "skillpod_bench";

const withDatabase = (url: string, name: string): string => {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
};

export type BenchDatabase = { ownerUrl: string; appUrl: string };

/** Creates (once) and migrates the bench database; answers its owner and app-role URLs. */
export async function benchDatabase(say: (line: string) => void): Promise<BenchDatabase> {
  const ownerUrl = withDatabase(stackEnv("TEST_DATABASE_URL"), benchDatabaseName);
  const appUrl = withDatabase(stackEnv("TEST_APP_DATABASE_URL"), benchDatabaseName);
  const admin = new pg.Client({ connectionString: stackEnv("TEST_DATABASE_URL") });
  await admin.connect();
  try {
    const found = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [benchDatabaseName]);
    if (found.rowCount === 0) {
      say(`creating database ${benchDatabaseName}`);
      await admin.query(`CREATE DATABASE ${benchDatabaseName}`);
    }
  } finally {
    await admin.end();
  }
  const prisma = fileURLToPath(new URL("../control-plane/scripts/prisma.sh", import.meta.url));
  const migrated = spawnSync(prisma, ["migrate", "deploy"], {
    env: { ...process.env, DATABASE_URL: ownerUrl },
    encoding: "utf8",
  });
  if (migrated.status !== 0)
    throw new Error(`migrating ${benchDatabaseName} failed:\n${migrated.stdout}\n${migrated.stderr}`);
  return { ownerUrl, appUrl };
}
