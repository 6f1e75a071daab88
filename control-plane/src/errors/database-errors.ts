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
    const meta = error.meta as
      { target?: unknown; constraint?: unknown; driverAdapterError?: unknown } | undefined;
    const cause = (meta?.driverAdapterError as { cause?: { constraint?: unknown } } | undefined)?.cause;
    const named = cause?.constraint ?? meta?.constraint;
    if (typeof named === "string") return named;
    if (typeof named === "object" && named && "index" in named) return String(named.index);
  }
  const pg = error as { constraint?: unknown; cause?: { constraint?: unknown } };
  const name = pg?.constraint ?? pg?.cause?.constraint;
  return typeof name === "string" ? name : undefined;
}
