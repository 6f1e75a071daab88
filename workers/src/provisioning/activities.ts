// The provisioning activities, built from the clients they use.
import type { KubeConfig } from "@kubernetes/client-node";
import { Context } from "@temporalio/activity";
import type { Pool } from "pg";
import type { Logger } from "pino";
import type { PartyLive } from "../contracts/party-live.js";
import { waitUntilReady } from "./ready-watch.js";
import { SkillPodApi } from "./skillpod-api.js";
import type { ProvisioningActivities } from "./types.js";
import { recordWorkspace } from "./workspace-record.js";

export type ProvisioningClients = {
  kubeConfig: KubeConfig;
  pool: Pool;
  log: Logger;
  /** Live events to the contract's parties (the workers process sets it). */
  live?: PartyLive;
};

export function createProvisioningActivities({
  kubeConfig,
  pool,
  log,
  live,
}: ProvisioningClients): ProvisioningActivities {
  const skillPods = new SkillPodApi(kubeConfig, log);
  return {
    ensureSkillPod: (input) => skillPods.ensure(input),
    waitForSkillPodReady: (ref) => {
      const context = Context.current();
      return waitUntilReady({ kubeConfig, skillPods, log }, ref, {
        heartbeat: (details) => context.heartbeat(details),
        signal: context.cancellationSignal,
      });
    },
    setSkillPodState: ({ state, ...ref }) => skillPods.setState(ref, state),
    raiseSkillPodBudget: ({ runningSeconds, ...ref }) => skillPods.raiseBudget(ref, runningSeconds),
    recordWorkspace: async (record) => {
      await recordWorkspace(pool, record, log);
      const { contractId, milestoneId, state } = record;
      await live?.publish(contractId, {
        type: "workspace.changed",
        data: { contractId, milestoneId, state },
      });
    },
  };
}
