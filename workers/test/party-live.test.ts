// The workers' live events: recording a contract's phase, a milestone's state or a workspace publishes to
// the contract's two parties (their streams and the fan-out channel), and to no one else.
import { loadKubeConfig } from "@skillpod/kube-client";
import { liveChannel, liveStreamKey, type LiveFanout } from "@skillpod/live-events";
import { stackEnv, waitFor } from "@skillpod/testkit";
import { Redis } from "ioredis";
import { randomBytes } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createContractActivities } from "../src/contracts/contract-activities.js";
import { createPartyLive } from "../src/contracts/party-live.js";
import { createProvisioningActivities } from "../src/provisioning/index.js";

const suffix = randomBytes(4).toString("hex");
const parties = { client: `u-live-client-${suffix}`, freelancer: `u-live-freelancer-${suffix}` };
const contractId = `c-live-${suffix}`;
const milestoneId = `${contractId}-m1`;
const log = pino({ level: "silent" });

let pool: pg.Pool;
let redis: Redis;
let subscriber: Redis;
const fanouts: LiveFanout[] = [];

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: stackEnv("TEST_DATABASE_URL"), max: 2 });
  redis = new Redis(stackEnv("REDIS_URL"));
  subscriber = redis.duplicate();
  subscriber.on("message", (_channel: string, message: string) => {
    const fanout = JSON.parse(message) as LiveFanout;
    if (fanout.event.data.contractId === contractId) fanouts.push(fanout);
  });
  await subscriber.subscribe(liveChannel());
  await pool.query(
    `INSERT INTO contracts (id, workflow_id, client_id, freelancer_id, title, currency, platform_fee_bps, state)
     VALUES ($1, $2, $3, $4, 'Live events test', 'EUR', 1000, 'offer')`,
    [contractId, `wf-${contractId}`, parties.client, parties.freelancer],
  );
  await pool.query(
    `INSERT INTO milestones (id, contract_id, position, title, amount_minor, state)
     VALUES ($1, $2, 0, 'All of it', 10000, 'pending')`,
    [milestoneId, contractId],
  );
});

afterAll(async () => {
  await redis.del(liveStreamKey(parties.client), liveStreamKey(parties.freelancer));
  await subscriber.quit();
  await redis.quit();
  await pool.end();
});

async function streamOf(userId: string): Promise<{ type: string; data: Record<string, unknown> }[]> {
  const entries = await redis.xrange(liveStreamKey(userId), "-", "+");
  return entries.map(
    ([, fields]) => JSON.parse(fields[1] ?? "{}") as { type: string; data: Record<string, unknown> },
  );
}

describe("workers' live events", () => {
  it("publishes contract and workspace changes to exactly the contract's two parties", async () => {
    const live = createPartyLive({ pool, redis, log });
    const contracts = createContractActivities({ pool, log, publishNotice: () => Promise.resolve(), live });
    const provisioning = createProvisioningActivities({
      kubeConfig: loadKubeConfig(stackEnv("KUBECONFIG")),
      pool,
      log,
      live,
    });
    await contracts.recordContractPhase(contractId, "active");
    await contracts.recordMilestoneState(contractId, milestoneId, "funded");
    await provisioning.recordWorkspace({
      contractId,
      milestoneId,
      namespace: `ns-${suffix}`,
      name: `ws-${suffix}`,
      state: "Ready",
    });
    const expected = [
      { type: "contract.changed", data: { contractId, phase: "active" } },
      { type: "contract.changed", data: { contractId, milestoneId, state: "funded" } },
      { type: "workspace.changed", data: { contractId, milestoneId, state: "Ready" } },
    ];
    expect(await streamOf(parties.client)).toMatchObject(expected);
    expect(await streamOf(parties.freelancer)).toMatchObject(expected);
    await waitFor("three fan-outs", () => Promise.resolve(fanouts.length >= 3), {
      timeoutMs: 5000,
      intervalMs: 50,
    });
    for (const fanout of fanouts) {
      expect(fanout.deliveries.map((d) => d.userId).sort()).toEqual(
        [parties.client, parties.freelancer].sort(),
      );
    }
  });

  it("publishes nothing, and does not fail, for a contract it cannot find", async () => {
    const live = createPartyLive({ pool, redis, log });
    // Data that this file's subscriber collects: were it published, it would show.
    await live.publish(`c-missing-${suffix}`, { type: "contract.changed", data: { contractId } });
    await sleep(300);
    expect(fanouts).toHaveLength(3);
  });
});
