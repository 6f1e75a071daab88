// A scripted day on the platform, through its API and gateway as its clients use them, so that every
// dashboard panel has something to show: sign-ups and a hire (buildWorld), a deposit and a funded milestone
// (the SkillPod is provisioned), refused requests, desktop sessions (one interactive, one watching and
// typing, one with a used ticket), live events, and a milestone approved and paid out with one failed
// provider call on the way.
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
function ticketFor(token: string, world: World, mode: "interactive" | "watch"): Promise<Ticket> {
  const { namespace, name } = world.workspace;
  return waitFor(
    `a ${mode} desktop ticket for ${namespace}/${name}`,
    () => apiCall<Ticket>(token, `POST /v1/workspaces/${namespace}/${name}/desktop-sessions`, { mode }),
    { timeoutMs: 180_000, intervalMs: 1000 },
  );
}

async function desktopSessions(world: World): Promise<void> {
  const { freelancer } = world.people;
  const interactive = await ticketFor(freelancer.token, world, "interactive");
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
  const watch = await ticketFor(freelancer.token, world, "watch");
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

async function approveAndPayOut(platform: Platform, world: World): Promise<void> {
  const { client, freelancer } = world.people;
  const contract = await apiCall<Contract>(client.token, `GET /v1/contracts/${world.contractId}`);
  const milestone = contract.milestones[0]?.id;
  await failNextPayout(platform, freelancer.userId);
  const moves = `/v1/contracts/${world.contractId}/milestones/${milestone}`;
  await apiCall(freelancer.token, `POST ${moves}/submit`, { note: "Part 1 is done." });
  await waitFor("the milestone to be submitted", async () => {
    const now = await apiCall<Contract>(client.token, `GET /v1/contracts/${world.contractId}`);
    return now.milestones[0]?.state === "submitted";
  });
  await apiCall(client.token, `POST ${moves}/approve`);
  await waitFor(
    "the payout to be paid",
    async () => {
      const payouts = await apiCall<Payouts>(
        freelancer.token,
        `GET /v1/contracts/${world.contractId}/payouts`,
      );
      return payouts.items.some((payout) => payout.state === "PAID");
    },
    { timeoutMs: 120_000, intervalMs: 1000 },
  );
}

/** Runs the whole workload against `platform`; resolves once every step's effect was seen. */
export async function runWorkload(platform: Platform): Promise<World> {
  useApi(platform.apiUrl);
  const world = await buildWorld();
  const live = await liveChannelOf(platform, world.people.client.token);
  try {
    await refusedRequests(world);
    await desktopSessions(world);
    await approveAndPayOut(platform, world);
    await live.waitForFrames(1, 30_000);
  } finally {
    await live.close();
  }
  return world;
}
