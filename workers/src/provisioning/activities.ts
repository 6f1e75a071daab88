// The provisioning activities, built from the clients they use.
import type { KubeConfig } from "@kubernetes/client-node";
import { Context } from "@temporalio/activity";
import type { Pool } from "pg";
import type { Logger } from "pino";
import { waitUntilReady } from "./ready-watch.js";
import { SkillPodApi } from "./skillpod-api.js";
import type { ProvisioningActivities } from "./types.js";
import { recordWorkspace } from "./workspace-record.js";

export type ProvisioningClients = { kubeConfig: KubeConfig; pool: Pool; log: Logger };

export function createProvisioningActivities({
  kubeConfig,
  pool,
  log,
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
    recordWorkspace: (record) => recordWorkspace(pool, record, log),
  };
}
