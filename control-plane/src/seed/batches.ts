// Large seeds run in numbered batches, two at a time (one per core of the machine the benchmarks run on),
// each batch in its own transaction: a batch is all there or not at all, so a re-run skips the batches
// that are there and an interrupted run resumes at the first missing one.
import type pg from "pg";

export type BatchPlan = { what: string; total: number; size: number; say: (line: string) => void };

export type BatchSteps = {
  /** True when every row of the batch [first, last] is there already. */
  done: (first: number, last: number) => Promise<boolean>;
  /** Writes the batch inside the transaction; returns a note for its progress line. */
  write: (db: pg.PoolClient, first: number, last: number) => Promise<string>;
};

const concurrency = 2;

export async function inTransaction<T>(pool: pg.Pool, work: (db: pg.PoolClient) => Promise<T>): Promise<T> {
  const db = await pool.connect();
  try {
    await db.query("BEGIN");
    const result = await work(db);
    await db.query("COMMIT");
    return result;
  } catch (error) {
    await db.query("ROLLBACK");
    throw error;
  } finally {
    db.release();
  }
}

export async function runBatches(pool: pg.Pool, plan: BatchPlan, steps: BatchSteps): Promise<void> {
  const ranges: [number, number][] = [];
  for (let first = 1; first <= plan.total; first += plan.size) {
    ranges.push([first, Math.min(plan.total, first + plan.size - 1)]);
  }
  let next = 0;
  let finished = 0;
  const worker = async (): Promise<void> => {
    for (let range = ranges[next++]; range !== undefined; range = ranges[next++]) {
      const [first, last] = range;
      const started = Date.now();
      const skipped = await steps.done(first, last);
      const note = skipped
        ? "there already"
        : await inTransaction(pool, (db) => steps.write(db, first, last));
      finished += last - first + 1;
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      plan.say(`${plan.what} ${first}-${last}: ${note} (${seconds} s; ${finished}/${plan.total} done)`);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}
