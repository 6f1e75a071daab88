// createActivities: every activity a task queue's worker serves, built from the process's clients.
import type { KubeConfig } from "@kubernetes/client-node";
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type pg from "pg";
import type { Logger } from "pino";
import type { WorkerQueue } from "./config.js";
import { createContractActivities } from "./contracts/contract-activities.js";
import { createPartyLive } from "./contracts/party-live.js";
import { createNoticePublisher } from "./contracts/party-notices.js";
import type { Failpoints } from "./failpoints.js";
import type { PaymentProvider } from "./payments/index.js";
import { createPayoutActivities } from "./payouts/payout-activities.js";
import { createProvisioningActivities } from "./provisioning/index.js";
import { createUsageActivities } from "./usage/index.js";
import { createWalletActivities } from "./wallet/index.js";

export type ActivityClients = {
  pool: pg.Pool;
  notifications: Queue;
  /** Live-channel events (per-user streams and the fan-out channel). */
  redis: Redis;
  kubeConfig: KubeConfig;
  payments: PaymentProvider;
  failpoints: Failpoints;
  log: Logger;
};

/** The activities of one task queue. Usage metering runs on "contracts" (its Schedule starts it there). */
export function createActivities(queue: WorkerQueue, clients: ActivityClients): object {
  const { pool, log } = clients;
  switch (queue) {
    case "contracts":
      return {
        ...createContractActivities({
          pool,
          log,
          publishNotice: createNoticePublisher({ pool, queue: clients.notifications }),
          live: createPartyLive({ pool, redis: clients.redis, log }),
        }),
        ...createUsageActivities({ kubeConfig: clients.kubeConfig, pool, log }),
      };
    case "payments":
      return {
        ...createPayoutActivities({
          pool,
          payments: clients.payments,
          log,
          failpoints: clients.failpoints,
          publishNotice: createNoticePublisher({ pool, queue: clients.notifications }),
        }),
        ...createWalletActivities({ pool, payments: clients.payments, log }),
      };
    case "provisioning":
      return createProvisioningActivities({
        kubeConfig: clients.kubeConfig,
        pool,
        log,
        live: createPartyLive({ pool, redis: clients.redis, log }),
      });
  }
}
