import { Prisma } from "../database.js";
import { SkpError } from "./skp-error.js";

/**
 * Rules the database holds (unique keys, the job state machine, value checks raised by triggers) as typed
 * errors, so a race that slips past a check in code still gets a 409/422, never a 500. `names` maps a
 * constraint name to the error the caller should see; unmapped constraint errors pass through unchanged.
 */
export function fromDatabaseError(error: unknown, names: Record<string, SkpError>): unknown {
  const constraint = constraintOf(error);
  return constraint !== undefined && names[constraint] ? names[constraint] : error;
}

function constraintOf(error: unknown): string | undefined {
  if (error instanceof Prisma.PrismaClientKnownRequestError) {
    const named = adapterConstraintOf(error.meta);
    if (named !== undefined) return named;
  }
  const pg = error as { constraint?: unknown; cause?: { constraint?: unknown } };
  const name = pg?.constraint ?? pg?.cause?.constraint;
  return typeof name === "string" ? name : undefined;
}

type AdapterCause = { constraint?: unknown; originalMessage?: unknown };

function adapterConstraintOf(meta: Record<string, unknown> | undefined): string | undefined {
  const cause = (meta?.driverAdapterError as { cause?: AdapterCause } | undefined)?.cause;
  return (
    namedConstraint(cause?.constraint ?? meta?.constraint) ?? constraintInMessage(cause?.originalMessage)
  );
}

function namedConstraint(named: unknown): string | undefined {
  if (typeof named === "string") return named;
  return typeof named === "object" && named && "index" in named ? String(named.index) : undefined;
}

/** adapter-pg 6.19 reports a unique violation by its fields only; PostgreSQL's message names the index. */
function constraintInMessage(message: unknown): string | undefined {
  return typeof message === "string" ? /constraint "([^"]+)"/.exec(message)?.[1] : undefined;
}

/**
 * Prisma's codes for a transaction the database or Prisma gave up on, with nothing of it committed: P2028 an
 * interactive transaction that expired (its 5 s ran out, waiting on a row lock or on a loaded machine) or
 * could not start in time (no pooled connection within maxWait); P2034 a write conflict or deadlock.
 */
const transientPrismaCodes = new Set(["P2028", "P2034"]);
/** The same as PostgreSQL reports them: serialization failure, deadlock, lock not available. */
const transientSqlStates = new Set(["40001", "40P01", "55P03"]);

/** The request, sent again, can pass: the database was busy, not the input wrong. */
export const databaseBusy = (): SkpError =>
  new SkpError("SKP_DATABASE_BUSY", 503, "The database is busy; retry the request", { retryAfter: 1 });

/**
 * A transient database failure (see above) as the 503 SKP_DATABASE_BUSY clients retry, or undefined for
 * any other error: it reaches the caller as a bare 500 otherwise, though nothing is wrong with the request.
 */
export function transientDatabaseError(error: unknown): SkpError | undefined {
  return transientPrismaCodes.has(prismaCodeOf(error)) || transientSqlStates.has(sqlStateOf(error))
    ? databaseBusy()
    : undefined;
}

function prismaCodeOf(error: unknown): string {
  return error instanceof Prisma.PrismaClientKnownRequestError ? error.code : "";
}

type Coded = { code?: unknown; originalCode?: unknown; cause?: Coded };

/** The SQLSTATE, from the driver adapter's error Prisma wraps or from pg's own error. */
function sqlStateOf(error: unknown): string {
  const adapter =
    error instanceof Prisma.PrismaClientKnownRequestError
      ? (error.meta?.driverAdapterError as Coded | undefined)
      : undefined;
  return codeOf(adapter?.cause) ?? codeOf(error as Coded | undefined) ?? "";
}

function codeOf(coded: Coded | undefined): string | undefined {
  const code = coded?.originalCode ?? coded?.code ?? coded?.cause?.originalCode;
  return typeof code === "string" ? code : undefined;
}
