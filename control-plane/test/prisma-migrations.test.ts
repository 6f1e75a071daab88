// Runs the committed migrations against a real PostgreSQL (TEST_DATABASE_URL) through the offline Prisma CLI
// wrapper, checks that schema.prisma and the migrations agree, and round-trips a row through the generated
// client on the pg driver adapter. Needs `control-plane/scripts/prisma.sh generate` to have run.
import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { copyFile, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { stackEnv } from "@skillpod/testkit";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccountType, createPrismaClient } from "../src/index.js";
import type { PrismaClient } from "../src/index.js";
import { createMigratedDatabase, dropDatabase, type ScratchDatabase } from "./audit-database.js";

const controlPlaneDir = fileURLToPath(new URL("..", import.meta.url));
const prismaScript = join(controlPlaneDir, "scripts", "prisma.sh");
const schemaPath = join(controlPlaneDir, "prisma", "schema.prisma");
const migrationsPath = join(controlPlaneDir, "prisma", "migrations");

/** The database these tests migrate; the role needs CREATEDB for Prisma's shadow database. */
function testDatabaseUrl(): string {
  return stackEnv("TEST_DATABASE_URL");
}

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs scripts/prisma.sh with DATABASE_URL pointing at the test database; never throws on a non-zero exit. */
function runPrisma(args: string[]): Promise<CliResult> {
  const env = { ...process.env, DATABASE_URL: testDatabaseUrl() };
  return new Promise((resolve) => {
    execFile(prismaScript, args, { cwd: controlPlaneDir, env, timeout: 110_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === "number" ? error.code : -1;
      resolve({ code, stdout, stderr });
    });
  });
}

function diffArgs(schema: string): string[] {
  return [
    "migrate",
    "diff",
    "--from-migrations",
    migrationsPath,
    "--to-schema-datamodel",
    schema,
    "--script",
    "--exit-code",
  ];
}

async function shadowDatabases(prisma: PrismaClient): Promise<string[]> {
  const rows = await prisma.$queryRaw<{ datname: string }[]>`
    SELECT datname FROM pg_database WHERE datname LIKE 'prisma_migrate_shadow_db_%'`;
  return rows.map((row) => row.datname);
}

describe("prisma migrations (real PostgreSQL)", () => {
  let prisma: PrismaClient;

  beforeAll(async () => {
    const deploy = await runPrisma(["migrate", "deploy"]);
    expect(deploy.code, `migrate deploy failed:\n${deploy.stdout}\n${deploy.stderr}`).toBe(0);
    prisma = createPrismaClient(testDatabaseUrl());
  });

  afterAll(async () => {
    await prisma?.$disconnect();
  });

  it("leaves the database up to date with the committed migrations", async () => {
    const status = await runPrisma(["migrate", "status"]);
    expect(status.code, `${status.stdout}\n${status.stderr}`).toBe(0);
    expect(status.stdout).toContain("Database schema is up to date!");
  });

  it("writes, reads back and deletes a user through the driver adapter", async () => {
    const email = `migration-test-${randomUUID()}@example.test`;
    const created = await prisma.user.create({
      data: { email, accountType: AccountType.AGENCY, roles: ["owner", "billing"] },
    });
    expect(created.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

    const found = await prisma.user.findUnique({ where: { email } });
    expect(found).toMatchObject({
      id: created.id,
      email,
      accountType: "AGENCY",
      roles: ["owner", "billing"],
      createdAt: expect.any(Date) as Date,
      updatedAt: expect.any(Date) as Date,
    });

    await prisma.user.delete({ where: { id: created.id } });
    expect(await prisma.user.findUnique({ where: { email } })).toBeNull();
  });

  it('reads PostgreSQL name and "char" columns (and their arrays) as text', async () => {
    const rows = await prisma.$queryRaw<{ db: string; kind: string; names: string[]; kinds: string[] }[]>`
      SELECT current_database() AS db, 'r'::"char" AS kind,
             ARRAY['a'::name, 'b'::name] AS names, ARRAY['x'::"char", 'y'::"char"] AS kinds`;
    expect(rows).toEqual([
      { db: new URL(testDatabaseUrl()).pathname.slice(1), kind: "r", names: ["a", "b"], kinds: ["x", "y"] },
    ]);
  });

  it("has migrations that match schema.prisma, and drops the shadow database afterwards", async () => {
    const diff = await runPrisma(diffArgs(schemaPath));
    expect(diff.code, `schema.prisma and prisma/migrations differ:\n${diff.stdout}\n${diff.stderr}`).toBe(0);
    expect(await shadowDatabases(prisma)).toEqual([]);
  });

  it("reports a difference (exit code 2) when schema.prisma has a change without a migration", async () => {
    const dir = await mkdtemp(join(tmpdir(), "prisma-diff-"));
    try {
      const changed = join(dir, "schema.prisma");
      await copyFile(schemaPath, changed);
      const schema = await readFile(changed, "utf8");
      const withExtraField = schema.replace(
        /model User \{\n/,
        'model User {\n  nickname String? @map("nickname")\n',
      );
      expect(withExtraField).not.toBe(schema);
      await writeFile(changed, withExtraField);

      const diff = await runPrisma(diffArgs(changed));
      expect(diff.code, `${diff.stdout}\n${diff.stderr}`).toBe(2);
      expect(diff.stdout).toMatch(/ALTER TABLE "users" ADD COLUMN\s+"nickname" TEXT/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(await shadowDatabases(prisma)).toEqual([]);
  });
});

describe("the audit trail in PostgreSQL", () => {
  // Unchained rows must never reach the shared test database's chain: these run in a database of their own.
  const insert = `INSERT INTO audit_events (actor_type, action, outcome, prev_hash, hash)
                  VALUES ('system', 'test.append_only', 'success', 'p', md5(random()::text))`;
  let scratch: ScratchDatabase;
  beforeAll(async () => {
    scratch = await createMigratedDatabase();
  });
  afterAll(async () => {
    if (scratch) await dropDatabase(scratch);
  });

  it("lets the application role insert and read audit events but never change or delete them", async () => {
    const app = createPrismaClient(scratch.appUrl);
    try {
      await app.$executeRawUnsafe(insert);
      await expect(app.$executeRawUnsafe(`UPDATE audit_events SET action = 'x'`)).rejects.toThrow(
        /permission denied/,
      );
      await expect(app.$executeRawUnsafe(`DELETE FROM audit_events`)).rejects.toThrow(/permission denied/);
      await expect(app.$executeRawUnsafe(`TRUNCATE audit_events`)).rejects.toThrow(/permission denied/);
    } finally {
      await app.$disconnect();
    }
  });

  it("refuses UPDATE and DELETE even to the table owner, unless the retention job says so", async () => {
    const owner = createPrismaClient(scratch.ownerUrl);
    try {
      await owner.$executeRawUnsafe(insert);
      await expect(owner.$executeRawUnsafe(`UPDATE audit_events SET action = 'x'`)).rejects.toThrow(
        /append-only/,
      );
      await expect(owner.$executeRawUnsafe(`DELETE FROM audit_events`)).rejects.toThrow(/append-only/);
      const deleted = await owner.$transaction([
        owner.$executeRawUnsafe(`SET LOCAL skillpod.audit_retention = 'on'`),
        owner.$executeRawUnsafe(`DELETE FROM audit_events WHERE action = 'test.append_only'`),
      ]);
      expect(deleted[1]).toBeGreaterThanOrEqual(2);
    } finally {
      await owner.$disconnect();
    }
  });
});
