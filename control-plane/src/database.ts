// The control plane's database access: a PrismaClient generated from prisma/schema.prisma (run
// `scripts/prisma.sh generate` first) on the query compiler and the pg driver adapter, no native engine.
import { PrismaClient } from "./generated/prisma/client.js";
import { createPostgresAdapter } from "./postgres-adapter.js";

export { AccountType, Prisma, PrismaClient } from "./generated/prisma/client.js";
export type { User } from "./generated/prisma/client.js";

/** A PrismaClient for the PostgreSQL database at `databaseUrl` (postgresql://user:password@host:port/db). */
export function createPrismaClient(databaseUrl: string): PrismaClient {
  return new PrismaClient({ adapter: createPostgresAdapter(databaseUrl) });
}
