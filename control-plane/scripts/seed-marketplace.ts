// A large marketplace for the benchmark (bench/marketplace.bench.ts seeds its own database with it): realistic jobs, freelancers,
// proposals and reviewed contracts from the seed's templates. Made once per size, reused after.
// Usage: tsx control-plane/scripts/seed-marketplace.ts --jobs 100000 --freelancers 20000 [--database-url URL]
//        (default $TEST_DATABASE_URL; connects as the owner)
import { stackEnv } from "@skillpod/testkit";
import pg from "pg";
import { seedLargeMarketplace } from "../src/seed/index.js";

const say = (line: string): void => console.log(`[seed-marketplace] ${line}`);

function option(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  if (at === -1) return undefined;
  const value = process.argv[at + 1];
  if (value === undefined || value.startsWith("--")) throw new Error(`--${name} needs a value`);
  return value;
}

function count(name: string, fallback: number): number {
  const value = Number(option(name) ?? fallback);
  if (!Number.isInteger(value) || value < 1 || value > 10_000_000) {
    throw new Error(`--${name} must be a whole number from 1 to 10,000,000`);
  }
  return value;
}

async function main(): Promise<void> {
  const spec = { jobs: count("jobs", 100_000), freelancers: count("freelancers", 20_000), say };
  const pool = new pg.Pool({
    connectionString: option("database-url") ?? stackEnv("TEST_DATABASE_URL"),
    max: 2,
  });
  try {
    await seedLargeMarketplace(pool, spec);
  } finally {
    await pool.end();
  }
}

try {
  await main();
} catch (error) {
  console.error(
    `[seed-marketplace] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
  );
  process.exitCode = 1;
}
