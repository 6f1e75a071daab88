import { Prisma } from "../database.js";
import type { SkpError } from "./skp-error.js";

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
