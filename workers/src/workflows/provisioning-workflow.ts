// One milestone's workspace: create the SkillPod, wait until it is Ready, record it and tell the contract;
// then follow the contract's signals (freeze for a dispute, unfreeze, release at the end) until released.
import {
  contractErrorCodes,
  freezeWorkspace,
  raiseBudget,
  releaseWorkspace,
  unfreezeWorkspace,
  workspaceChanged,
  type ProvisioningInput,
  type ProvisioningResult,
  type WorkspaceReport,
} from "@skillpod/contract-messages";
import {
  ActivityFailure,
  ApplicationFailure,
  CancellationScope,
  condition,
  getExternalWorkflowHandle,
  isCancellation,
  log,
  patched,
  proxyActivities,
  setHandler,
  TemporalFailure,
} from "@temporalio/workflow";
import type {
  EnsuredSkillPod,
  ProvisioningActivities,
  ReadySkillPod,
  SkillPodRef,
} from "../provisioning/types.js";

const nonRetryableErrorTypes = [contractErrorCodes.workspaceInvalid];
/** Marks histories in which a failure that is not SKP_WORKSPACE_INVALID is reported to the contract too. */
const reportFailurePatch = "report-provisioning-failure";
/** The failure type Temporal gives a signal to a workflow that does not exist (or has closed). */
const externalWorkflowNotFound = "ExternalWorkflowExecutionNotFound";

const { ensureSkillPod, setSkillPodState, recordWorkspace, raiseSkillPodBudget } =
  proxyActivities<ProvisioningActivities>({
    startToCloseTimeout: "1 minute",
    retry: {
      initialInterval: "1 second",
      maximumInterval: "30 seconds",
      maximumAttempts: 10,
      nonRetryableErrorTypes,
    },
  });

// Pulling an image and binding a volume can take minutes; the heartbeat notices a dead worker much sooner.
const { waitForSkillPodReady } = proxyActivities<ProvisioningActivities>({
  startToCloseTimeout: "10 minutes",
  heartbeatTimeout: "30 seconds",
  retry: { initialInterval: "5 seconds", maximumAttempts: 3, nonRetryableErrorTypes },
});

/** budgetSeconds: the funded running time, raised by top-ups; only ever grows. */
type Wanted = { state: "Running" | "Frozen"; released: boolean; budgetSeconds?: number };
/** Starting: spec.state is Running but the workspace has not been reported ready yet. */
type Current = "Starting" | "Running" | "Frozen";

export async function provisioningWorkflow(input: ProvisioningInput): Promise<ProvisioningResult> {
  // Handlers first: a signal that arrives while an activity runs only moves what is wanted, and the loop
  // below converges on it once the activity is done.
  const wanted: Wanted = { state: "Running", released: false, budgetSeconds: input.budget?.runningSeconds };
  setHandler(freezeWorkspace, () => {
    wanted.state = "Frozen";
  });
  setHandler(unfreezeWorkspace, () => {
    wanted.state = "Running";
  });
  setHandler(releaseWorkspace, () => {
    wanted.released = true;
  });
  setHandler(raiseBudget, ({ runningSeconds }) => {
    wanted.budgetSeconds = Math.max(wanted.budgetSeconds ?? 0, runningSeconds);
  });

  const ensured: { skillPod?: EnsuredSkillPod } = {};
  try {
    return await provision(input, wanted, ensured);
  } catch (error) {
    await reportFailure(input, ensured.skillPod, error);
    throw error;
  }
}

async function provision(
  input: ProvisioningInput,
  wanted: Wanted,
  ensured: { skillPod?: EnsuredSkillPod },
): Promise<ProvisioningResult> {
  const skillPod = await failingAsInvalid(input, undefined, () => ensureSkillPod(input));
  ensured.skillPod = skillPod;
  let current: Current = "Starting";
  // Histories from before top-ups never raise: with no raiseBudget signal this adds no command.
  let budget = input.budget?.runningSeconds;
  const raised = (): boolean => (wanted.budgetSeconds ?? 0) > (budget ?? 0);
  while (!wanted.released) {
    if (wanted.state === "Running" && current !== "Running") {
      current = await start(input, skillPod, current, wanted);
    } else if (wanted.state === "Frozen" && current !== "Frozen") {
      current = await freeze(input, skillPod);
    } else if (raised()) {
      budget = wanted.budgetSeconds ?? 0;
      await raiseSkillPodBudget({
        namespace: skillPod.namespace,
        name: skillPod.name,
        runningSeconds: budget,
      });
    } else {
      const settled = current;
      await condition(() => wanted.released || wanted.state !== settled || raised());
    }
  }
  await stopAndRecord(input, skillPod, "Stopped");
  return { name: skillPod.name, namespace: skillPod.namespace, finalState: "Stopped" };
}

/** Running and reported, or still Starting when a freeze or release came first. */
async function start(
  input: ProvisioningInput,
  skillPod: EnsuredSkillPod,
  current: Current,
  wanted: Wanted,
): Promise<Current> {
  const ref = { namespace: skillPod.namespace, name: skillPod.name };
  // A new SkillPod is created Running; only a frozen one needs its state changed.
  if (current === "Frozen") await setSkillPodState({ ...ref, state: "Running" });
  const ready = await failingAsInvalid(input, ref, () =>
    readyUnless(ref, () => wanted.released || wanted.state !== "Running"),
  );
  if (!ready) return "Starting";
  await recordWorkspace({
    ...record(input, ref, "Running"),
    endpoint: ready.endpoint,
    expiresAt: skillPod.expiresAt,
    readyAt: ready.readyAt,
  });
  await report(input, {
    milestoneId: input.milestoneId,
    name: ref.name,
    state: "Running",
    endpoint: ready.endpoint,
  });
  return "Running";
}

async function freeze(input: ProvisioningInput, skillPod: EnsuredSkillPod): Promise<Current> {
  await stopAndRecord(input, skillPod, "Frozen");
  return "Frozen";
}

/** Stopped deletes the Pod and keeps the home volume; the contract hears Frozen or Stopped. */
async function stopAndRecord(
  input: ProvisioningInput,
  skillPod: EnsuredSkillPod,
  reported: "Frozen" | "Stopped",
): Promise<void> {
  const ref = { namespace: skillPod.namespace, name: skillPod.name };
  await setSkillPodState({ ...ref, state: "Stopped" });
  await recordWorkspace(record(input, ref, "Stopped"));
  await report(input, { milestoneId: input.milestoneId, name: ref.name, state: reported });
}

/** Waits for Ready, unless `interrupted` turns true first: then the wait is cancelled and undefined returned. */
async function readyUnless(ref: SkillPodRef, interrupted: () => boolean): Promise<ReadySkillPod | undefined> {
  if (interrupted()) return undefined;
  const scope = new CancellationScope();
  const ready = scope.run(() => waitForSkillPodReady(ref));
  const stop = scope.run(() => condition(interrupted)).then(() => undefined);
  try {
    return await Promise.race([ready, stop]);
  } finally {
    scope.cancel();
    // Whichever lost the race rejects with the cancellation: that is expected, not a failure.
    ready.catch(() => undefined);
    stop.catch(() => undefined);
  }
}

/**
 * A workspace that can never become ready fails the workflow with SKP_WORKSPACE_INVALID (not the wrapping
 * ActivityFailure), after the record and the contract say Failed.
 */
async function failingAsInvalid<T>(
  input: ProvisioningInput,
  ref: SkillPodRef | undefined,
  step: () => Promise<T>,
): Promise<T> {
  try {
    return await step();
  } catch (error) {
    const cause = error instanceof ActivityFailure ? error.cause : undefined;
    if (!(cause instanceof ApplicationFailure) || cause.type !== contractErrorCodes.workspaceInvalid)
      throw error;
    if (ref) await recordWorkspace(record(input, ref, "Failed"));
    await report(input, { milestoneId: input.milestoneId, name: ref?.name ?? "", state: "Failed" });
    throw cause;
  }
}

/**
 * An activity that failed for good (its retries spent) ends the workflow: the contract hears Failed, and the
 * record says so where there is a SkillPod, instead of the workspace showing Provisioning (or Running)
 * forever. SKP_WORKSPACE_INVALID was reported already; a cancelled workflow did not fail; any other error is a
 * bug that fails the workflow task, not the workflow. Histories from before the patch failed without these
 * commands, and replay them without.
 */
async function reportFailure(
  input: ProvisioningInput,
  skillPod: EnsuredSkillPod | undefined,
  error: unknown,
): Promise<void> {
  if (!(error instanceof TemporalFailure) || isWorkspaceInvalid(error) || isCancellation(error)) return;
  if (!patched(reportFailurePatch)) return;
  await report(input, { milestoneId: input.milestoneId, name: skillPod?.name ?? "", state: "Failed" });
  if (!skillPod) return;
  const ref = { namespace: skillPod.namespace, name: skillPod.name };
  // The failure may be the database's: the workflow still fails with the first error, not this one.
  await recordWorkspace(record(input, ref, "Failed")).catch((recordError: unknown) => {
    log.warn(`Skipped recording workspace ${ref.name} as Failed: ${String(recordError)}`);
  });
}

function isWorkspaceInvalid(error: unknown): boolean {
  return error instanceof ApplicationFailure && error.type === contractErrorCodes.workspaceInvalid;
}

function record(
  input: ProvisioningInput,
  ref: SkillPodRef,
  state: string,
): { contractId: string; milestoneId: string; namespace: string; name: string; state: string } {
  return { contractId: input.contractId, milestoneId: input.milestoneId, ...ref, state };
}

/** The contract may have ended already (it releases us as it goes): then nobody is left to tell. */
async function report(input: ProvisioningInput, workspace: WorkspaceReport): Promise<void> {
  try {
    await getExternalWorkflowHandle(input.contractWorkflowId).signal(workspaceChanged, workspace);
  } catch (error) {
    if (!(error instanceof ApplicationFailure) || error.type !== externalWorkflowNotFound) throw error;
    log.warn(`Skipped reporting workspace ${workspace.name} as ${workspace.state}: the contract is gone`, {
      contractWorkflowId: input.contractWorkflowId,
    });
  }
}
