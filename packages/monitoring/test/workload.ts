// A scripted day on the platform, through its API and gateway as its clients use them, so that every
// dashboard panel has something to show: sign-ups and a hire (buildWorld), a deposit and a funded milestone
// (its SkillPod is provisioned), then for each of the contract's two milestones: refused requests, desktop
// sessions on its SkillPod (one interactive, one watching and typing, one with a used ticket), and the
// milestone approved and paid out with one failed provider call on the way; live events throughout, and a
// second deposit at the end.
//
// Everything happens twice, a few scrapes apart, on purpose: a counter's series appears with its first
// increment, which no rate() can see, so only the second round moves the dashboards' rates.
import {
  apiCall,
  buildWorld,
  LiveClient,
  useApi,
  waitFor,
  type Platform,
  type World,
} from "@skillpod/testkit";
import { randomUUID } from "node:crypto";
import { DesktopViewer } from "./desktop-viewer.js";

type Ticket = { ticket: string; url: string; mode: string };
type Workspace = World["workspace"];
type Contract = { milestones: { id: string; state: string }[] };
type Payouts = { items: { state: string }[] };

/** Requests the API refuses: wrong password, unknown contract, invalid body. Each must fail. */
async function refusedRequests(world: World): Promise<void> {
  const { client } = world.people;
  const refusals = [
    apiCall(undefined, "POST /v1/auth/login", { email: client.email, password: "not-the-password" }),
    apiCall(client.token, `GET /v1/contracts/${randomUUID()}`),
    apiCall(client.token, "POST /v1/jobs", { title: "" }),
  ];
  const outcomes = await Promise.allSettled(refusals);
  if (outcomes.some((outcome) => outcome.status === "fulfilled"))
    throw new Error("a refused request succeeded");
}

/** A desktop-session ticket, once the SkillPod runs (409 SKP_WORKSPACE_NOT_RUNNING until then). */
function ticketFor(token: string, workspace: Workspace, mode: "interactive" | "watch"): Promise<Ticket> {
  const { namespace, name } = workspace;
  return waitFor(
    `a ${mode} desktop ticket for ${namespace}/${name}`,
    () => apiCall<Ticket>(token, `POST /v1/workspaces/${namespace}/${name}/desktop-sessions`, { mode }),
    { timeoutMs: 180_000, intervalMs: 1000 },
  );
}

async function desktopSessions(world: World, workspace: Workspace): Promise<void> {
  const { freelancer } = world.people;
  const interactive = await ticketFor(freelancer.token, workspace, "interactive");
  const viewer = await DesktopViewer.open(interactive.url);
  const size = await viewer.handshake();
  await viewer.receiveScreen(size, 64 * 1024);
  viewer.typeKey(0x61);
  // A ticket opens one session, once: the gateway refuses it the second time.
  const reused = await DesktopViewer.open(interactive.url).then(
    () => false,
    () => true,
  );
  if (!reused) throw new Error("the gateway accepted a used ticket");
  // The owner may watch; a watcher's keys are dropped, not forwarded.
  const watch = await ticketFor(freelancer.token, workspace, "watch");
  const watcher = await DesktopViewer.open(watch.url);
  await watcher.receiveScreen(await watcher.handshake(), 64 * 1024);
  watcher.typeKey(0x62);
  // Both stay open across a few scrapes, so the open-session gauges show them.
  await new Promise((resolve) => setTimeout(resolve, 4000));
  await Promise.all([viewer.close(), watcher.close()]);
}

async function liveChannelOf(platform: Platform, token: string): Promise<LiveClient> {
  const { ticket } = await apiCall<{ ticket: string }>(token, "POST /v1/live/tickets");
  return LiveClient.open(`${platform.apiUrl.replace("http", "ws")}/v1/live?ticket=${ticket}`);
}

/** The provider fails the freelancer's next payout once; Temporal retries it and it is paid. */
async function failNextPayout(platform: Platform, freelancerId: string): Promise<void> {
  const response = await fetch(`${platform.paymentSandboxUrl}/v1/faults`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ mode: "fail", count: 1, destination: freelancerId }),
  });
  if (response.status !== 201) throw new Error(`the sandbox refused the fault: ${response.status}`);
}

async function milestones(world: World): Promise<Contract["milestones"]> {
  const contract = await apiCall<Contract>(
    world.people.client.token,
    `GET /v1/contracts/${world.contractId}`,
  );
  return contract.milestones;
}

async function approveAndPayOut(platform: Platform, world: World, index: number): Promise<void> {
  const { client, freelancer } = world.people;
  const milestone = (await milestones(world))[index]?.id;
  await failNextPayout(platform, freelancer.userId);
  const moves = `/v1/contracts/${world.contractId}/milestones/${milestone}`;
  await apiCall(freelancer.token, `POST ${moves}/submit`, { note: `Part ${index + 1} is done.` });
  await waitFor(
    `milestone ${index + 1} to be submitted`,
    async () => (await milestones(world))[index]?.state === "submitted",
  );
  await apiCall(client.token, `POST ${moves}/approve`);
  await waitFor(
    `payout ${index + 1} to be paid`,
    async () => {
      const payouts = await apiCall<Payouts>(
        freelancer.token,
        `GET /v1/contracts/${world.contractId}/payouts`,
      );
      return payouts.items.filter((payout) => payout.state === "PAID").length > index;
    },
    { timeoutMs: 120_000, intervalMs: 1000 },
  );
}

/**
 * The client tops up the wallet a second time: a workflow type's second run is the first that a rate over
 * Temporal's workflow_duration histogram sees (its series appear with the first).
 */
async function topUpWallet(world: World): Promise<void> {
  const { client } = world.people;
  const amount = { amountMinor: 5_000, currency: "EUR" };
  const deposit = await apiCall<{ id: string }>(
    client.token,
    "POST /v1/wallet/deposits",
    { amount },
    { "idempotency-key": randomUUID() },
  );
  await waitFor("the second deposit to settle", async () => {
    const now = await apiCall<{ state: string }>(client.token, `GET /v1/wallet/deposits/${deposit.id}`);
    return now.state !== "PENDING";
  });
}

/** The second milestone funded, and its SkillPod (the first milestone's is the world's). */
async function fundSecondMilestone(world: World): Promise<Workspace> {
  const { client, freelancer } = world.people;
  const second = (await milestones(world))[1]?.id;
  await apiCall(client.token, `POST /v1/contracts/${world.contractId}/milestones/${second}/fund`);
  return waitFor(
    "the second milestone's SkillPod",
    async () => {
      const list = await apiCall<{ items: Workspace[] }>(freelancer.token, "GET /v1/workspaces");
      return list.items.find((item) => item.name !== world.workspace.name);
    },
    { timeoutMs: 90_000 },
  );
}

async function milestoneRound(
  platform: Platform,
  world: World,
  index: number,
  workspace: Workspace,
): Promise<void> {
  await refusedRequests(world);
  await desktopSessions(world, workspace);
  await approveAndPayOut(platform, world, index);
}

/** Runs the whole workload against `platform`; resolves once every step's effect was seen. */
export async function runWorkload(platform: Platform): Promise<World> {
  useApi(platform.apiUrl);
  const world = await buildWorld();
  const live = await liveChannelOf(platform, world.people.client.token);
  try {
    await milestoneRound(platform, world, 0, world.workspace);
    // Three scrapes at least, so every series the first round made is stored before the second moves it.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await milestoneRound(platform, world, 1, await fundSecondMilestone(world));
    await topUpWallet(world);
    await live.waitForFrames(2, 30_000);
  } finally {
    await live.close();
  }
  return world;
}
