// `make dev`'s seed, as the database owner: the demo logins (ada@, client@, admin@, auditor@
// demo.skillpod.dev) and a believable marketplace around them. Safe to run again: it adds what is missing
// and nothing twice. Any failure exits non-zero with the reason.
// Usage: tsx control-plane/scripts/seed-demo.ts [--database-url postgresql://owner@…]   (default $DATABASE_URL)
import { stackEnv } from "@skillpod/testkit";
import pg from "pg";
import { seedDemoMarketplace } from "../src/seed/index.js";
import { demoPasswordHash, seedDemoUsers } from "../src/seed/index.js";
import { demoMarketplaceSummary } from "../src/seed/index.js";

const say = (line: string): void => console.log(`[seed] ${line}`);

function databaseUrl(): string {
  const flag = process.argv.indexOf("--database-url");
  const value = flag === -1 ? undefined : process.argv[flag + 1];
  if (flag !== -1 && !value) throw new Error("--database-url needs a value");
  return value ?? stackEnv("DATABASE_URL");
}

async function main(): Promise<void> {
  const pool = new pg.Pool({ connectionString: databaseUrl(), max: 2 });
  try {
    const passwordHash = await demoPasswordHash();
    const demo = await seedDemoUsers(pool, passwordHash, say);
    await seedDemoMarketplace(pool, demo, {
      jobs: 240,
      clients: 40,
      freelancers: 50,
      passwordHash,
      now: Date.now(),
      say,
    });
    const s = await demoMarketplaceSummary(pool);
    say(
      `marketplace: ${s.jobs} jobs (${s.openJobs} open) in ${s.categories} categories, ${s.freelancers} freelancers, ` +
        `${s.clients} clients, ${s.proposals} proposals, ${s.completedContracts} completed contracts, ` +
        `${s.visibleReviews} visible reviews`,
    );
  } finally {
    await pool.end();
  }
}

try {
  await main();
} catch (error) {
  console.error(`[seed] failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exitCode = 1;
}
