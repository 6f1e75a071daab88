// Started by the usage Schedule: one metering pass. Metering is cumulative from cursors, so a skipped or
// failed run loses nothing; the next one records everything since.
import { proxyActivities } from "@temporalio/workflow";
import type { UsageActivities, UsageSummary } from "../usage/usage-types.js";

const { meterUsage } = proxyActivities<UsageActivities>({
  startToCloseTimeout: "10 minutes",
  retry: {
    initialInterval: "5 seconds",
    backoffCoefficient: 2,
    maximumInterval: "1 minute",
    // Bounded: after this the run fails visibly and the next scheduled run starts afresh.
    maximumAttempts: 5,
  },
});

/** Meters SkillPod running time into usage records and invoice lines; returns what it wrote. */
export async function usageMeteringWorkflow(): Promise<UsageSummary> {
  return meterUsage();
}
