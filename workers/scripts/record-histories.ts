// Records the event histories of real contract runs for workflow-replay.test.ts: every contract path is
// driven on the real dev server (in-process workers, PostgreSQL ledger, payment sandbox), and each finished
// run's history is written as workers/test/histories/<scenario>-<workflowType>[-runN|-mN].json. Replaying
// them against the current workflow code is what makes a non-deterministic change fail the tests.
// Run with: source .stack/env && npx tsx workers/scripts/record-histories.ts
import {
  contractWorkflowId,
  payoutWorkflowId,
  type ContractTerms,
  type ContractView,
} from "@skillpod/contract-messages";
import { waitFor } from "@skillpod/testkit";
import type { Client } from "@temporalio/client";
import { historyToJSON, type History } from "@temporalio/common/lib/proto-utils.js";
import { DefaultLogger, Runtime } from "@temporalio/worker";
import { mkdir, readdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { fileURLToPath } from "node:url";
import { admin, clientOf, freelancerOf, milestone, newTerms } from "../test/contract-fixtures.js";
import { startContractStack, type ContractStack } from "../test/contract-harness.js";

const historiesDir = fileURLToPath(new URL("../test/histories/", import.meta.url));
/** Long enough for the provider retries (1 s, 2 s …) and a 2 s auto-approval, short enough to notice a hang. */
const scenarioTimeoutMs = 120_000;
/** A continue-as-new chain longer than this is a loop, not a contract. */
const maxRuns = 20;

type Scenario = {
  name: string;
  terms?: Partial<ContractTerms>;
  drive(stack: ContractStack, terms: ContractTerms): Promise<void>;
};

/** One milestone: the contract completes after one payout instead of waiting for a second milestone. */
function single(title: string, amountMinor: number): Partial<ContractTerms> {
  return { milestones: [{ id: `m-${Date.now()}`, title, amountMinor }] };
}

async function fundAndSubmit(stack: ContractStack, terms: ContractTerms, index: number): Promise<string> {
  const id = milestone(terms, index);
  await stack.contracts.fund(terms.contractId, clientOf(terms), id);
  await stack.contracts.submit(terms.contractId, freelancerOf(terms), id, "done");
  return id;
}

async function payoutState(stack: ContractStack, terms: ContractTerms, id: string): Promise<string> {
  const view = await stack.contracts.state(terms.contractId);
  return view.milestones.find((m) => m.id === id)?.payout.state ?? "missing";
}

async function waitForPayout(
  stack: ContractStack,
  terms: ContractTerms,
  id: string,
  state: string,
): Promise<void> {
  await waitFor(`payout of ${id} ${state}`, async () => (await payoutState(stack, terms, id)) === state, {
    timeoutMs: scenarioTimeoutMs,
  });
}

const scenarios: Scenario[] = [
  {
    name: "happy-path",
    drive: async (stack, terms) => {
      for (const index of [0, 1]) {
        const id = await fundAndSubmit(stack, terms, index);
        await stack.contracts.approve(terms.contractId, clientOf(terms), id);
      }
    },
  },
  {
    name: "changes-requested",
    terms: single("Logo", 2_000),
    drive: async (stack, terms) => {
      const id = await fundAndSubmit(stack, terms, 0);
      await stack.contracts.requestChanges(terms.contractId, clientOf(terms), id, "bigger");
      await stack.contracts.submit(terms.contractId, freelancerOf(terms), id);
      await stack.contracts.approve(terms.contractId, clientOf(terms), id);
    },
  },
  {
    name: "dispute-won",
    terms: single("Design", 10_000),
    drive: async (stack, terms) => {
      const id = await fundAndSubmit(stack, terms, 0);
      await stack.contracts.openDispute(terms.contractId, clientOf(terms), id, "not what we agreed");
      await stack.contracts.resolveDispute(terms.contractId, admin, { milestoneId: id, favor: "freelancer" });
    },
  },
  {
    name: "dispute-lost",
    terms: single("Audit", 7_000),
    drive: async (stack, terms) => {
      const id = await fundAndSubmit(stack, terms, 0);
      await stack.contracts.openDispute(terms.contractId, freelancerOf(terms), id, "client unresponsive");
      await stack.contracts.resolveDispute(terms.contractId, admin, { milestoneId: id, favor: "client" });
    },
  },
  {
    // The pause and resume signals reach a running payout only here.
    name: "dispute-pauses-payout",
    drive: async (stack, terms) => {
      const m1 = await fundAndSubmit(stack, terms, 0);
      const m2 = await fundAndSubmit(stack, terms, 1);
      await stack.contracts.openDispute(terms.contractId, clientOf(terms), m2, "late");
      await stack.contracts.approve(terms.contractId, clientOf(terms), m1);
      await sleep(1_500);
      await stack.contracts.resolveDispute(terms.contractId, admin, { milestoneId: m2, favor: "freelancer" });
    },
  },
  {
    name: "cancel-refund",
    drive: async (stack, terms) => {
      await stack.contracts.fund(terms.contractId, clientOf(terms), milestone(terms, 0));
      await stack.contracts.cancel(terms.contractId, freelancerOf(terms), "cannot deliver");
    },
  },
  {
    name: "auto-approve",
    terms: { ...single("Draft", 3_000), autoApproveAfterSeconds: 2 },
    drive: async (stack, terms) => {
      await fundAndSubmit(stack, terms, 0);
    },
  },
  {
    name: "payout-declined",
    terms: single("Copy", 4_000),
    drive: async (stack, terms) => {
      await stack.fault({ mode: "decline", destination: terms.freelancerId, count: 1 });
      const id = await fundAndSubmit(stack, terms, 0);
      await stack.contracts.approve(terms.contractId, clientOf(terms), id);
      await waitForPayout(stack, terms, id, "failed");
      // The declined payout was compensated into escrow; cancelling refunds it and ends the contract.
      await stack.contracts.cancel(terms.contractId, admin, "payee account closed");
    },
  },
  {
    name: "provider-retry",
    terms: single("QA", 3_000),
    drive: async (stack, terms) => {
      await stack.fault({ mode: "fail", destination: terms.freelancerId, count: 2 });
      const id = await fundAndSubmit(stack, terms, 0);
      await stack.contracts.approve(terms.contractId, clientOf(terms), id);
    },
  },
  {
    name: "continue-as-new",
    terms: { ...single("Spec", 2_500), maxHistoryEvents: 40 },
    drive: async (stack, terms) => {
      const id = await fundAndSubmit(stack, terms, 0);
      for (let round = 0; round < 4; round += 1) {
        await stack.contracts.requestChanges(terms.contractId, clientOf(terms), id, `round ${round}`);
        await stack.contracts.submit(terms.contractId, freelancerOf(terms), id);
      }
      await waitFor(
        "a continue-as-new",
        async () => (await stack.contracts.state(terms.contractId)).generation > 0,
      );
      await stack.contracts.approve(terms.contractId, clientOf(terms), id);
    },
  },
];

async function withTimeout<T>(what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`timed out after ${scenarioTimeoutMs} ms: ${what}`)),
      scenarioTimeoutMs,
    );
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function firstRunId(history: History): string | undefined {
  return history.events?.[0]?.workflowExecutionStartedEventAttributes?.firstExecutionRunId || undefined;
}

/** The run this one continued as, if it did. */
function nextRunId(history: History): string | undefined {
  const last = history.events?.at(-1);
  return last?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId || undefined;
}

/** Every run of a workflow id, oldest first: continue-as-new links each run to the next by run id. */
async function runHistories(client: Client, workflowId: string): Promise<History[]> {
  const runs: History[] = [];
  let runId = firstRunId(await client.workflow.getHandle(workflowId).fetchHistory());
  while (runId !== undefined) {
    if (runs.length >= maxRuns) throw new Error(`${workflowId} has more than ${maxRuns} runs`);
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    runs.push(history);
    runId = nextRunId(history);
  }
  return runs;
}

type Recorded = { file: string; history: History };

async function contractHistories(
  client: Client,
  scenario: string,
  terms: ContractTerms,
): Promise<Recorded[]> {
  const runs = await runHistories(client, contractWorkflowId(terms.contractId));
  return runs.map((history, i) => ({
    file: `${scenario}-contractWorkflow${runs.length > 1 ? `-run${i + 1}` : ""}.json`,
    history,
  }));
}

/** The payout of every milestone that got one, after it has finished (it signals the contract first). */
async function payoutHistories(client: Client, scenario: string, view: ContractView): Promise<Recorded[]> {
  const paid = view.milestones.map((m, index) => ({ m, index })).filter(({ m }) => m.payout.state !== "none");
  const recorded: Recorded[] = [];
  for (const { m, index } of paid) {
    const handle = client.workflow.getHandle(payoutWorkflowId(view.contractId, m.id));
    await handle.result();
    const suffix = paid.length > 1 ? `-m${index + 1}` : "";
    recorded.push({ file: `${scenario}-payoutWorkflow${suffix}.json`, history: await handle.fetchHistory() });
  }
  return recorded;
}

async function record(stack: ContractStack, scenario: Scenario): Promise<Recorded[]> {
  const terms = newTerms(scenario.terms);
  await stack.deposit(terms.clientId, 100_000);
  await stack.contracts.start(terms);
  await stack.contracts.accept(terms.contractId, freelancerOf(terms));
  await scenario.drive(stack, terms);
  const final = await stack.contracts.result(terms.contractId);
  return [
    ...(await contractHistories(stack.client, scenario.name, terms)),
    ...(await payoutHistories(stack.client, scenario.name, final)),
  ];
}

/** The files' contents: proto3 JSON as historyToJSON writes it and historyFromJSON reads it back. */
function render(recorded: Recorded[]): { file: string; json: string }[] {
  return recorded.map(({ file, history }) => ({ file, json: `${historyToJSON(history)}\n` }));
}

/**
 * Replaces every recording at once, only after all scenarios succeeded: a failed run keeps the old set, and a
 * renamed or dropped scenario leaves no stale history behind.
 */
async function replaceHistories(files: { file: string; json: string }[]): Promise<void> {
  await mkdir(historiesDir, { recursive: true });
  for (const file of await readdir(historiesDir)) {
    if (file.endsWith(".json")) await rm(join(historiesDir, file));
  }
  for (const { file, json } of files) await writeFile(join(historiesDir, file), json);
}

function describe(recorded: Recorded[]): string {
  const counts = new Map<string, number>();
  for (const { file } of recorded) {
    const type = file.includes("-payoutWorkflow") ? "payoutWorkflow" : "contractWorkflow";
    counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return [...counts].map(([type, n]) => `${type} ×${n}`).join(", ");
}

async function main(): Promise<void> {
  // The scenarios fail activities on purpose (declines, provider outages); their warnings are noise here.
  Runtime.install({ logger: new DefaultLogger("ERROR") });
  const stack = await startContractStack();
  const files: { file: string; json: string }[] = [];
  try {
    for (const scenario of scenarios) {
      const began = Date.now();
      const recorded = await withTimeout(scenario.name, record(stack, scenario));
      const rendered = render(recorded);
      files.push(...rendered);
      const kib = rendered.reduce((sum, { json }) => sum + Buffer.byteLength(json), 0) / 1024;
      const seconds = ((Date.now() - began) / 1000).toFixed(1);
      console.log(`${scenario.name}: ${describe(recorded)}, ${kib.toFixed(1)} KiB, ${seconds} s`);
    }
  } finally {
    await stack.close();
  }
  await replaceHistories(files);
  console.log(`wrote ${files.length} histories to ${historiesDir}`);
}

await main();
