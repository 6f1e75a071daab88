// The one place that builds Prisma's PostgreSQL driver adapter: used by the Prisma CLI (prisma.config.ts,
// for migrations through the JavaScript schema engine) and by the application's PrismaClient.
// It works around three upstream bugs of @prisma/adapter-pg 6.19 (see shared/DESIGN.md):
//  1. catalog columns of type "name"/"char" (and their arrays) cannot be deserialized (prisma/orm#27403):
//     such columns are reported to Prisma as text / text[];
//  2. the shadow database reuses the main database when the adapter was given a connectionString:
//     the connection is always passed as separate host/port/user/password/database fields;
//  3. the shadow database is dropped before its pool is closed: the pool is closed first, then the
//     database is dropped WITH (FORCE).
import { randomUUID } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import type { SqlDriverAdapter, SqlMigrationAwareDriverAdapterFactory } from "@prisma/driver-adapter-utils";
import pg from "pg";
import { parseIntoClientConfig } from "pg-connection-string";

const TEXT_OID = 25;
const TEXT_ARRAY_OID = 1009;

/** PostgreSQL type oids the adapter cannot deserialize, and the oid they are read as instead. */
export const OID_ALIASES: ReadonlyMap<number, number> = new Map([
  [18, TEXT_OID], // "char"
  [19, TEXT_OID], // name
  [1002, TEXT_ARRAY_OID], // "char"[]
  [1003, TEXT_ARRAY_OID], // name[]
]);

interface FieldDescription {
  dataTypeID: number;
}

interface RowDescriptionHandler {
  _handleRowDescription(message: { fields: FieldDescription[] }): void;
}

/** Rewrites the type oid of every column whose type has an alias, in place. */
export function aliasFieldTypes(fields: FieldDescription[]): void {
  for (const field of fields) {
    field.dataTypeID = OID_ALIASES.get(field.dataTypeID) ?? field.dataTypeID;
  }
}

const clientInternals = pg.Client.prototype as unknown as Partial<RowDescriptionHandler>;
const handleRowDescription = clientInternals._handleRowDescription;
if (typeof handleRowDescription !== "function") {
  throw new Error(
    "pg.Client no longer has _handleRowDescription: revisit the oid workaround in postgres-adapter.ts",
  );
}

/**
 * A pg client that rewrites column types as the row description arrives, before pg picks the value
 * parsers and before the adapter maps oids to Prisma column types, so both see text / text[].
 */
export class OidAliasingClient extends pg.Client {}

(OidAliasingClient.prototype as unknown as RowDescriptionHandler)._handleRowDescription = function (
  this: pg.Client,
  message: { fields: FieldDescription[] },
): void {
  aliasFieldTypes(message.fields);
  handleRowDescription.call(this, message);
};

/**
 * The pool configuration for a postgresql:// URL: separate connection fields, never a connectionString.
 * Idle pooled connections do not keep the process alive (the Prisma CLI never closes its pool and would
 * otherwise wait the 10 s idle timeout before exiting).
 */
export function poolConfigFromUrl(databaseUrl: string): pg.PoolConfig {
  return { ...parseIntoClientConfig(databaseUrl), Client: OidAliasingClient, allowExitOnIdle: true };
}

/**
 * A pool for a postgresql:// URL, configured as above. The application makes one and shares it: Prisma runs
 * on it, and the few hot reads that are one prepared statement use it directly.
 */
export function createPool(databaseUrl: string): pg.Pool {
  return new pg.Pool(poolConfigFromUrl(databaseUrl));
}

function schemaFromUrl(databaseUrl: string): string | undefined {
  return new URL(databaseUrl).searchParams.get("schema") ?? undefined;
}

function quoteIdentifier(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Prisma's pg driver adapter factory with the workarounds above; it also serves the migration engine. Given
 * a pool, Prisma runs on it and leaves closing it to its owner; otherwise Prisma makes and closes its own.
 */
export class PostgresAdapterFactory implements SqlMigrationAwareDriverAdapterFactory {
  readonly provider = "postgres";
  readonly adapterName: string;
  readonly #poolConfig: pg.PoolConfig;
  readonly #main: PrismaPg;

  constructor(databaseUrl: string, pool?: pg.Pool) {
    this.#poolConfig = poolConfigFromUrl(databaseUrl);
    const schema = schemaFromUrl(databaseUrl);
    this.#main = new PrismaPg(pool ?? this.#poolConfig, schema === undefined ? undefined : { schema });
    this.adapterName = this.#main.adapterName;
  }

  async connect(): Promise<SqlDriverAdapter> {
    return withConstraintNames(withWholeScripts(await this.#main.connect()));
  }

  /** A fresh, empty database on the same server, dropped again when the returned adapter is disposed. */
  async connectToShadowDb(): Promise<SqlDriverAdapter> {
    const admin = await this.#main.connect();
    const database = `prisma_migrate_shadow_db_${randomUUID()}`;
    const dropShadow = async (): Promise<void> => {
      try {
        await admin.executeScript(`DROP DATABASE IF EXISTS ${quoteIdentifier(database)} WITH (FORCE)`);
      } finally {
        await admin.dispose();
      }
    };
    try {
      await admin.executeScript(`CREATE DATABASE ${quoteIdentifier(database)}`);
      const shadow = await new PrismaPg({ ...this.#poolConfig, database }).connect();
      return withDispose(withWholeScripts(shadow), dropShadow);
    } catch (error) {
      await dropShadow();
      throw error;
    }
  }
}

/**
 * 4. @prisma/adapter-pg runs a migration script by splitting it on every ";", which cuts dollar-quoted
 * function bodies apart. PostgreSQL's simple query protocol takes the whole script at once, and runs it as
 * one transaction, so a migration applies entirely or not at all.
 */
function withWholeScripts(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const inner = adapter as unknown as { client: pg.Pool; onError: (error: unknown) => never };
  adapter.executeScript = async (script: string): Promise<void> => {
    try {
      await inner.client.query(script);
    } catch (error) {
      inner.onError(error);
    }
  };
  return adapter;
}

type ErrorConversion = ((error: unknown) => never) & { keepsConstraintNames?: true };

/**
 * 5. @prisma/adapter-pg drops the constraint name PostgreSQL reports with errors it has no mapping for, such
 * as a check_violation a trigger raises `USING CONSTRAINT = rule` (the job state machine), so
 * fromDatabaseError could not tell one rule from another. The conversion every query and transaction of the
 * adapter shares (its base class's onError) is wrapped once to put the name back on the error's cause.
 */
function withConstraintNames(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const shared = Object.getPrototypeOf(Object.getPrototypeOf(adapter)) as { onError?: ErrorConversion };
  const convert = shared.onError;
  if (typeof convert !== "function") {
    throw new Error(
      "@prisma/adapter-pg no longer has onError: revisit withConstraintNames in postgres-adapter.ts",
    );
  }
  if (convert.keepsConstraintNames) return adapter;
  const kept: ErrorConversion = function (this: unknown, error: unknown): never {
    try {
      return convert.call(this, error);
    } catch (converted) {
      const constraint = (error as { constraint?: unknown } | undefined)?.constraint;
      const cause = (converted as { cause?: { kind?: unknown; constraint?: unknown } }).cause;
      if (typeof constraint === "string" && cause?.kind === "postgres") cause.constraint ??= constraint;
      throw converted;
    }
  };
  kept.keepsConstraintNames = true;
  shared.onError = kept;
  return adapter;
}

/** Makes `adapter.dispose()` close the adapter's own pool first and then run `after`. */
function withDispose(adapter: SqlDriverAdapter, after: () => Promise<void>): SqlDriverAdapter {
  const closePool = adapter.dispose.bind(adapter);
  adapter.dispose = async (): Promise<void> => {
    try {
      await closePool();
    } finally {
      await after();
    }
  };
  return adapter;
}

/** The driver adapter factory for a postgresql:// URL, on `pool` when given (see PostgresAdapterFactory). */
export function createPostgresAdapter(databaseUrl: string, pool?: pg.Pool): PostgresAdapterFactory {
  return new PostgresAdapterFactory(databaseUrl, pool);
}
