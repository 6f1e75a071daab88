// The metering activity: SkillPod running time → usage records → invoice lines of hourly contracts.
import { CustomObjectsApi, type KubeConfig } from "@kubernetes/client-node";
import type pg from "pg";
import type { Logger } from "pino";
import { listContractSkillPods, type MeteredSkillPod } from "./skillpod-source.js";
import { cumulativeRunningSeconds, meteringOrigin } from "./usage-math.js";
import {
  loadContracts,
  meterSkillPod,
  type ContractTerms,
  type HourlyContract,
  type MeterResult,
} from "./usage-store.js";
import type { UsageActivities, UsageSummary } from "./usage-types.js";

export type UsageActivityDeps = {
  kubeConfig: KubeConfig;
  pool: pg.Pool;
  log: Logger;
  /** Epoch milliseconds; tests may move time. */
  now?: () => number;
  /** Meter one namespace only (a test's own, or a shard); unset: every namespace. */
  namespace?: string;
};

type Context = Required<Omit<UsageActivityDeps, "namespace" | "kubeConfig">> & {
  custom: CustomObjectsApi;
  namespace?: string;
};

/** One metering pass: its clock, its counts, the invoice lines it wrote and what went wrong. */
type Run = {
  nowMs: number;
  summary: UsageSummary;
  lines: Set<string>;
  failures: string[];
};

export function createUsageActivities(deps: UsageActivityDeps): UsageActivities {
  const context: Context = {
    custom: deps.kubeConfig.makeApiClient(CustomObjectsApi),
    pool: deps.pool,
    log: deps.log,
    now: deps.now ?? Date.now,
    namespace: deps.namespace,
  };
  return { meterUsage: () => meterUsage(context) };
}

async function meterUsage(context: Context): Promise<UsageSummary> {
  const skillPods = await listContractSkillPods(context.custom, context.namespace);
  // After the list: no status we read can describe a moment later than this.
  const nowMs = context.now();
  const contracts = await loadContracts(context.pool, [...new Set(skillPods.map((s) => s.contractId))]);
  const run: Run = {
    nowMs,
    summary: { skillPods: 0, skipped: 0, records: 0, invoiceLines: 0 },
    lines: new Set(),
    failures: [],
  };
  for (const skillPod of skillPods) {
    const contract = contracts.get(skillPod.contractId);
    if (contract) await meterOne(context, run, skillPod, contract);
    else skip(context, run, skillPod);
  }
  const { summary } = run;
  summary.invoiceLines = run.lines.size;
  // The others are metered; failing now makes Temporal retry the failed ones (and shows if it cannot).
  if (run.failures.length > 0) {
    throw new Error(`Failed to meter ${run.failures.length} SkillPod(s): ${run.failures.join("; ")}`);
  }
  context.log.info(
    summary,
    `Metered usage: ${summary.skillPods} SkillPods, ${summary.records} records, ${summary.invoiceLines} invoice lines`,
  );
  return summary;
}

function skip(context: Context, run: Run, skillPod: MeteredSkillPod): void {
  run.summary.skipped += 1;
  context.log.warn(
    { namespace: skillPod.namespace, skillPod: skillPod.name, contractId: skillPod.contractId },
    `Skipped SkillPod ${skillPod.namespace}/${skillPod.name}: contract ${skillPod.contractId} has no row`,
  );
}

/** The contract's terms when its time is invoiced; a misconfigured hourly contract is metered, not billed. */
function hourlyTerms(context: Context, contract: ContractTerms): HourlyContract | undefined {
  if (contract.billing !== "HOURLY") return undefined;
  const { hourlyRateMinor } = contract;
  if (hourlyRateMinor !== null) return { ...contract, hourlyRateMinor };
  context.log.warn(
    { contractId: contract.id },
    `Skipped invoice lines of contract ${contract.id}: hourly contract without hourly_rate_minor`,
  );
  return undefined;
}

async function meterOne(
  context: Context,
  run: Run,
  metered: MeteredSkillPod,
  contract: ContractTerms,
): Promise<void> {
  const { namespace, name, uid, contractId, skillPod } = metered;
  const fields = { namespace, skillPod: name, uid, contractId };
  try {
    const result = await meterSkillPod(context.pool, {
      uid,
      name,
      contractId,
      cumulativeSeconds: cumulativeRunningSeconds(skillPod.status, run.nowMs),
      originMs: meteringOrigin(skillPod, run.nowMs),
      nowMs: run.nowMs,
      hourly: hourlyTerms(context, contract),
    });
    run.summary.skillPods += 1;
    run.summary.records += result.records;
    report(context, run, metered, result);
  } catch (error) {
    context.log.error({ ...fields, err: error }, `Failed to meter SkillPod ${namespace}/${name}`);
    run.failures.push(`${namespace}/${name}: ${String(error)}`);
  }
}

function report(context: Context, run: Run, metered: MeteredSkillPod, result: MeterResult): void {
  const { namespace, name, uid, contractId } = metered;
  const fields = { namespace, skillPod: name, uid, contractId };
  if (result.regressed) {
    context.log.warn(fields, `Reset usage cursor of SkillPod ${namespace}/${name}: running time went down`);
  }
  context.log.debug(
    { ...fields, seconds: result.seconds, records: result.records },
    `Metered SkillPod ${namespace}/${name}: ${result.seconds}s`,
  );
  for (const line of result.lines) {
    run.lines.add(`${contractId}/${line.weekStart}`);
    context.log.info(
      { contractId, ...line, amountMinor: line.amountMinor.toString() },
      `Recomputed invoice line of contract ${contractId} for week ${line.weekStart}`,
    );
  }
}
