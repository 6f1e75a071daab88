// Replays every recorded history (workers/test/histories, written by `npm run record-histories -w
// @skillpod/workers`) against the current workflow code. A change that would make a running contract or
// payout take a different path on replay fails here instead of failing workflow tasks in production.
import { historyFromJSON, type History } from "@temporalio/common/lib/proto-utils.js";
import { bundleWorkflowCode, Worker, type ReplayResult, type WorkflowBundle } from "@temporalio/worker";
import { DeterminismViolationError } from "@temporalio/workflow";
import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { workflowBundle } from "./contract-harness.js";

const historiesDir = new URL("./histories/", import.meta.url);
const files = readdirSync(historiesDir)
  .filter((file) => file.endsWith(".json"))
  .sort();
const nondeterministicPath = fileURLToPath(
  new URL("./fixtures/nondeterministic-workflows.ts", import.meta.url),
);

function load(file: string): { workflowId: string; history: History } {
  const history = historyFromJSON(JSON.parse(readFileSync(new URL(file, historiesDir), "utf8")));
  // The recorded id keeps workflowInfo() as it was; older servers did not record it, so fall back to the file.
  const recordedId = history.events?.[0]?.workflowExecutionStartedEventAttributes?.workflowId;
  return { workflowId: recordedId || file, history };
}

/** Replays the files one by one (runReplayHistories yields one result per history, in order). */
async function replay(bundle: WorkflowBundle, names: string[]): Promise<Map<string, ReplayResult>> {
  const results = new Map<string, ReplayResult>();
  const replayed = Worker.runReplayHistories({ workflowBundle: bundle }, names.map(load));
  let index = 0;
  for await (const result of replayed) {
    results.set(names[index] ?? `#${index}`, result);
    index += 1;
  }
  return results;
}

describe("workflow replay", () => {
  let results: Map<string, ReplayResult>;

  beforeAll(async () => {
    results = await replay(await workflowBundle(), files);
  }, 120_000);

  it("has recorded histories of contracts, continued contract runs and payouts", () => {
    expect(files.some((f) => f.includes("-contractWorkflow"))).toBe(true);
    expect(files.some((f) => f.includes("-contractWorkflow-run2"))).toBe(true);
    expect(files.some((f) => f.includes("-payoutWorkflow"))).toBe(true);
  });

  it.each(files)("replays %s without a determinism error", (file) => {
    const result = results.get(file);
    expect(result, `${file} was not replayed`).toBeDefined();
    expect(result?.error, `${file}: ${String(result?.error)}`).toBeUndefined();
  });
});

describe("the replay guard", () => {
  let bundle: WorkflowBundle;

  beforeAll(async () => {
    bundle = await bundleWorkflowCode({ workflowsPath: nondeterministicPath, logger: quietBundler });
  }, 120_000);

  const payoutFile = files.find((f) => f.includes("-payoutWorkflow"));
  const contractFile = files.find((f) => f.includes("-contractWorkflow"));

  it("reports a DeterminismViolationError when the payout's activity order changes", async () => {
    expect(payoutFile).toBeDefined();
    const result = (await replay(bundle, [payoutFile ?? ""])).get(payoutFile ?? "");
    expect(result?.error).toBeInstanceOf(DeterminismViolationError);
  });

  it("reports a DeterminismViolationError when the contract schedules a timer first", async () => {
    expect(contractFile).toBeDefined();
    const result = (await replay(bundle, [contractFile ?? ""])).get(contractFile ?? "");
    expect(result?.error).toBeInstanceOf(DeterminismViolationError);
  });
});

const quietBundler = {
  trace: (): void => undefined,
  debug: (): void => undefined,
  info: (): void => undefined,
  warn: (): void => undefined,
  error: (message: string): void => console.error(message),
  log: (): void => undefined,
};
