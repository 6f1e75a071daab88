export { AccountType, Prisma, PrismaClient, createPrismaClient } from "./database.js";
export type { User } from "./database.js";
export {
  OID_ALIASES,
  PostgresAdapterFactory,
  createPostgresAdapter,
  poolConfigFromUrl,
} from "./postgres-adapter.js";
export { buildApp } from "./app.js";
export { loadControlPlaneConfig, type ControlPlaneConfig } from "./config.js";
