// The Temporal Schedule that runs usage metering every few minutes.
import {
  ScheduleAlreadyRunning,
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleHandle,
  type ScheduleOptionsStartWorkflowAction,
  type ScheduleSpec,
} from "@temporalio/client";
import type { usageMeteringWorkflow } from "../workflows/usage-metering-workflow.js";

export type UsageScheduleOptions = { scheduleId: string; intervalSeconds: number; taskQueue: string };

type Definition = {
  spec: ScheduleSpec;
  action: ScheduleOptionsStartWorkflowAction<typeof usageMeteringWorkflow>;
  policies: { overlap: ScheduleOverlapPolicy; catchupWindow: string };
};

function definition(options: UsageScheduleOptions): Definition {
  if (!Number.isInteger(options.intervalSeconds) || options.intervalSeconds < 1) {
    throw new RangeError(`intervalSeconds must be a positive integer, got ${options.intervalSeconds}`);
  }
  return {
    spec: { intervals: [{ every: `${options.intervalSeconds} seconds` }] },
    action: {
      type: "startWorkflow",
      workflowType: "usageMeteringWorkflow",
      taskQueue: options.taskQueue,
      workflowId: options.scheduleId,
    },
    policies: {
      // One run at a time; a run still going when the next is due makes that one unnecessary.
      overlap: ScheduleOverlapPolicy.SKIP,
      // Missed runs need no catching up: the next run meters everything since the cursors.
      catchupWindow: "1 minute",
    },
  };
}

/** Creates the usage metering Schedule, or brings an existing one to this definition (keeping its pause). */
export async function ensureUsageSchedule(
  client: Client,
  options: UsageScheduleOptions,
): Promise<ScheduleHandle> {
  const wanted = definition(options);
  try {
    return await client.schedule.create({ scheduleId: options.scheduleId, ...wanted });
  } catch (error) {
    if (!(error instanceof ScheduleAlreadyRunning)) throw error;
  }
  const handle = client.schedule.getHandle(options.scheduleId);
  await handle.update<typeof usageMeteringWorkflow>((previous) => ({
    ...wanted,
    state: {
      paused: previous.state.paused,
      note: previous.state.note,
      remainingActions: previous.state.remainingActions,
    },
  }));
  return handle;
}
