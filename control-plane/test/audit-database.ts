// Throwaway databases for tests that must own the whole audit chain (verify walks every row; retention
// archives a prefix; tampering must not touch the shared test database other files and runs use).
import { stackEnv } from "@skillpod/testkit";
import { execFile } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import pg from "pg";

const controlPlaneDir = fileURLToPath(new URL("..", import.meta.url));

export type ScratchDatabase = {
  name: string;
  /** The owner role (runs migrations, may disable the append-only trigger and run retention). */
  ownerUrl: string;
  /** The application role: SELECT and INSERT on audit_events only. */
  appUrl: string;
};

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

function scratchOf(name: string): ScratchDatabase {
  return {
    name,
    ownerUrl: withDatabase(stackEnv("TEST_DATABASE_URL"), name),
    appUrl: withDatabase(stackEnv("TEST_APP_DATABASE_URL"), name),
  };
}

async function asOwner<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: stackEnv("TEST_DATABASE_URL") });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

function migrate(url: string): Promise<void> {
  const env = { ...process.env, DATABASE_URL: url };
  return new Promise((resolve, reject) => {
    execFile(
      "scripts/prisma.sh",
      ["migrate", "deploy"],
      { cwd: controlPlaneDir, env, timeout: 120_000 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`migrate deploy failed: ${stdout}\n${stderr}`)) : resolve(),
    );
  });
}

/** A new database with every migration applied (about 15 s: the Prisma CLI is slow to start). */
export async function createMigratedDatabase(): Promise<ScratchDatabase> {
  const scratch = scratchOf(`skillpod_audit_${Date.now()}_${randomBytes(3).toString("hex")}`);
  await asOwner((client) => client.query(`CREATE DATABASE "${scratch.name}"`));
  await migrate(scratch.ownerUrl);
  return scratch;
}

/** A copy of a migrated database nobody is connected to (CREATE DATABASE … TEMPLATE: well under a second). */
export async function cloneDatabase(template: ScratchDatabase): Promise<ScratchDatabase> {
  const scratch = scratchOf(`${template.name}_copy_${randomBytes(3).toString("hex")}`);
  await asOwner(async (client) => {
    await client.query(`CREATE DATABASE "${scratch.name}" TEMPLATE "${template.name}"`);
    await client.query(`GRANT CONNECT ON DATABASE "${scratch.name}" TO skillpod_app`);
  });
  return scratch;
}

export async function dropDatabase(scratch: ScratchDatabase): Promise<void> {
  await asOwner((client) => client.query(`DROP DATABASE IF EXISTS "${scratch.name}" WITH (FORCE)`));
}
