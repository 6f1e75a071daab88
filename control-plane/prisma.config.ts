// Prisma CLI configuration: the JavaScript schema engine on the pg driver adapter, so migrations need no
// native engine binary. Run the CLI through scripts/prisma.sh, which keeps it offline.
import { defineConfig } from "prisma/config";
import { createPostgresAdapter } from "./src/postgres-adapter.js";

function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (url === undefined || url === "") {
    throw new Error("DATABASE_URL is not set: the Prisma CLI needs it to reach PostgreSQL");
  }
  return url;
}

export default defineConfig({
  schema: "prisma/schema.prisma",
  migrations: { path: "prisma/migrations" },
  engine: "js",
  experimental: { adapter: true },
  adapter: () => Promise.resolve(createPostgresAdapter(databaseUrl())),
});
