// The session gateway against the real stack: tickets from the real API (Redis), access from PostgreSQL, the
// desktop found through the kube-apiserver (SkillPod → Service → EndpointSlice → Secret) and a real Xvnc
// behind it. Owner and watcher sessions, refusals before the upgrade, revocation for every trigger, activity.
import { activityAnnotation } from "@skillpod/api";
import type { FastifyInstance } from "fastify";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { issueDesktopTicket } from "../src/index.js";
import { gatewayCloseCodes, sessionAuditActions } from "../src/gateway/index.js";
import { buildTestApp } from "./app-harness.js";
import { dropKeysUnder, rateLimitNamespace, signUp, type SignedIn } from "./callers.js";
import { ownerPool } from "./contracts-fixtures.js";
import {
  deleteSkillPod,
  exposeDesktop,
  metricsOf,
  patchSkillPod,
  sampleOf,
  startGateway,
  ticketFor,
  type RunningGateway,
} from "./gateway-harness.js";
import { RfbClient, UpgradeRefused, everyInputMessage, rfbMessages } from "./gateway-rfb-client.js";
import { startDesktop, type TestDesktop } from "./gateway-xvnc.js";
import {
  createSkillPod,
  dropNamespaces,
  ensureCrds,
  insertContract,
  readSkillPod,
  setContractState,
  setMilestoneState,
  setStatus,
  runningStatus,
  tenantNamespace,
  type ContractRow,
  type Ref,
} from "./workspaces-fixtures.js";

const limits = rateLimitNamespace("gateway");
/** Short, so the once-per-interval rule is seen within a test; the default is 30 s. */
const activityIntervalSeconds = 3;
let app: FastifyInstance;
let running: RunningGateway;
let desktop: TestDesktop;
let namespace: string;
let owner: SignedIn;
let watcher: SignedIn;
let stranger: SignedIn;

beforeAll(async () => {
  await ensureCrds();
  [desktop, running] = await Promise.all([
    // The API server refuses loopback addresses in EndpointSlices; the stack routes the Pod range to this
    // machine (scripts/stack/desktop-runner.sh), so a test desktop listens on an address kwok does not hand out.
    startDesktop(`10.244.255.${10 + Math.floor(Math.random() * 200)}`),
    startGateway({ GATEWAY_ACTIVITY_INTERVAL_SECONDS: String(activityIntervalSeconds) }),
  ]);
  app = await buildTestApp({ RATE_LIMIT_NAMESPACE: limits, GATEWAY_PUBLIC_URL: running.url });
  [owner, watcher, stranger] = await Promise.all([
    signUp(app, "freelancer"),
    signUp(app, "client"),
    signUp(app, "client"),
  ]);
  namespace = await tenantNamespace();
});

afterAll(async () => {
  await running?.gateway.drain(0);
  await running?.gateway.close();
  await dropNamespaces();
  if (app) await dropKeysUnder(app.redis, limits);
  await app?.close();
  await desktop?.stop();
});

type Workspace = { ref: Ref; contract: ContractRow };

async function workspace(): Promise<Workspace> {
  const contract = await insertContract({ clientId: watcher.userId, freelancerId: owner.userId });
  const ref = await createSkillPod({ namespace, ownerId: owner.userId, viewers: [watcher.userId], contract });
  await exposeDesktop(ref, desktop);
  return { ref, contract };
}

async function open(ticket: string): Promise<RfbClient & { bpp: number }> {
  const client = await RfbClient.connect(`${running.url}?ticket=${ticket}`);
  const init = await client.handshake();
  client.send(rfbMessages.setEncodings([0]));
  return Object.assign(client, { bpp: init.bitsPerPixel / 8 });
}

async function refusal(url: string, protocols?: string[]): Promise<UpgradeRefused> {
  const error: unknown = await RfbClient.connect(url, protocols).then(
    (client) => {
      client.close();
      return new Error("the upgrade was accepted");
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UpgradeRefused);
  return error as UpgradeRefused;
}

async function refusalsAudited(reason: string): Promise<number> {
  const found = await ownerPool().query<{ n: string }>(
    "SELECT count(*) AS n FROM audit_events WHERE action = $1 AND details->>'reason' = $2",
    [sessionAuditActions.refused, reason],
  );
  return Number(found.rows[0]?.n ?? 0);
}

/** Resolves with the close and how long it took from `since`. */
async function closedWithin(
  client: RfbClient,
  since: number,
): Promise<{ code: number; reason: string; ms: number }> {
  const closed = await Promise.race([
    client.closed,
    sleep(10_000).then(() => ({ code: 0, reason: "not closed" })),
  ]);
  return { ...closed, ms: Date.now() - since };
}

describe("desktop sessions through the gateway", () => {
  it("brings the owner to ServerInit and a FramebufferUpdate, counted and audited", async () => {
    const { ref } = await workspace();
    const client = await open(await ticketFor(app, owner, ref));
    client.send(rfbMessages.updateRequest(false, 800, 600));
    expect(await client.readFramebufferUpdate(client.bpp)).toBe(800 * 600);
    expect(
      sampleOf(await metricsOf(running.base), "skillpod_gateway_sessions", 'mode="interactive"'),
    ).toBeGreaterThan(0);
    client.close();
    await client.closed;
    await expect
      .poll(async () => {
        const found = await ownerPool().query<{ action: string; details: Record<string, unknown> }>(
          "SELECT action, details FROM audit_events WHERE actor_id = $1 AND target_id = $2 ORDER BY id",
          [owner.userId, `${ref.namespace}/${ref.name}`],
        );
        const ours: string[] = [sessionAuditActions.started, sessionAuditActions.ended];
        return found.rows.filter((r) => ours.includes(r.action));
      })
      .toEqual([
        { action: sessionAuditActions.started, details: { mode: "interactive" } },
        {
          action: sessionAuditActions.ended,
          details: expect.objectContaining({
            mode: "interactive",
            droppedInput: 0,
            closeCode: 1005,
          }) as unknown,
        },
      ]);
  });

  it("drops every input of a watcher (split and coalesced), counted in /metrics, while the owner stays", async () => {
    const { ref } = await workspace();
    const ownerClient = await open(await ticketFor(app, owner, ref));
    ownerClient.send(rfbMessages.pointer(0, 20, 30));
    await expect.poll(() => desktop.pointer(), { timeout: 5000 }).toEqual({ x: 20, y: 30 });
    const before = sampleOf(
      await metricsOf(running.base),
      "skillpod_gateway_dropped_input_messages_total",
      'type="KeyEvent"',
    );

    const watching = await open(await ticketFor(app, watcher, ref));
    const inputs = everyInputMessage();
    watching.send(Buffer.concat(inputs));
    for (const message of inputs) for (const byte of message) watching.send(Buffer.from([byte]));
    watching.send(rfbMessages.updateRequest(false, 800, 600));
    expect(await watching.readFramebufferUpdate(watching.bpp)).toBe(800 * 600);

    const after = sampleOf(
      await metricsOf(running.base),
      "skillpod_gateway_dropped_input_messages_total",
      'type="KeyEvent"',
    );
    expect(after - before).toBe(4);
    expect(desktop.pointer()).toEqual({ x: 20, y: 30 });
    expect(ownerClient.open).toBe(true);
    ownerClient.send(rfbMessages.pointer(0, 40, 50));
    await expect.poll(() => desktop.pointer(), { timeout: 5000 }).toEqual({ x: 40, y: 50 });
    watching.close();
    ownerClient.close();
  });

  it("closes a session that sends an unknown message with a reason, and the owner's other session stays", async () => {
    const { ref } = await workspace();
    const good = await open(await ticketFor(app, owner, ref));
    const bad = await open(await ticketFor(app, owner, ref));
    bad.send(Buffer.from([253, 0, 0, 0, 0, 0]));
    const closed = await closedWithin(bad, Date.now());
    expect(closed.code).toBeGreaterThanOrEqual(4100);
    expect(closed.reason).not.toBe("");
    good.send(rfbMessages.updateRequest(false, 800, 600));
    expect(await good.readFramebufferUpdate(good.bpp)).toBe(800 * 600);
    good.close();
  });
});

describe("policy and limits", () => {
  it("drops the owner's paste into a SkillPod whose clipboard policy is Disabled, and passes it for Both", async () => {
    const dropped = async (): Promise<number> =>
      sampleOf(
        await metricsOf(running.base),
        "skillpod_gateway_dropped_input_messages_total",
        'type="ClientCutText"',
      );
    const paste = async (ref: Ref): Promise<void> => {
      const client = await open(await ticketFor(app, owner, ref));
      client.send(rfbMessages.cutText("pasted"), rfbMessages.updateRequest(false, 800, 600));
      await client.readFramebufferUpdate(client.bpp);
      client.close();
    };
    const closed = await workspace();
    await patchSkillPod(closed.ref, { spec: { policy: { clipboard: "Disabled" } } });
    const before = await dropped();
    await paste(closed.ref);
    expect(await dropped()).toBe(before + 1);
    await paste((await workspace()).ref);
    expect(await dropped()).toBe(before + 1);
  });

  it("refuses a session over GATEWAY_MAX_SESSIONS with 503 and keeps the ticket for another replica", async () => {
    const { ref } = await workspace();
    const small = await startGateway({ GATEWAY_MAX_SESSIONS: "1" });
    try {
      const first = await RfbClient.connect(`${small.url}?ticket=${await ticketFor(app, owner, ref)}`);
      const ticket = await ticketFor(app, owner, ref);
      const refused = await refusal(`${small.url}?ticket=${ticket}`);
      expect(refused.status).toBe(503);
      expect(JSON.parse(refused.body)).toMatchObject({ code: "SKP_GATEWAY_FULL" });
      (await open(ticket)).close();
      first.close();
    } finally {
      await small.gateway.drain(0);
      await small.gateway.close();
    }
  });
});

describe("refusals before the upgrade", () => {
  it("refuses a reused, expired, unknown or missing ticket with 401, audited and counted", async () => {
    const { ref } = await workspace();
    const invalidBefore = await refusalsAudited("invalid");
    const ticket = await ticketFor(app, owner, ref);
    (await open(ticket)).close();
    expect((await refusal(`${running.url}?ticket=${ticket}`)).status).toBe(401);

    const expiring = await issueDesktopTicket(
      app.redis,
      { userId: owner.userId, ...ref, mode: "interactive" },
      1,
    );
    await sleep(1500);
    expect((await refusal(`${running.url}?ticket=${expiring.ticket}`)).status).toBe(401);
    expect((await refusal(`${running.url}?ticket=${"x".repeat(43)}`)).status).toBe(401);
    const missing = await refusal(running.url);
    expect(missing.status).toBe(401);
    expect(JSON.parse(missing.body)).toMatchObject({ code: "SKP_UNAUTHENTICATED" });

    await expect.poll(() => refusalsAudited("invalid")).toBe(invalidBefore + 3);
    const metrics = await metricsOf(running.base);
    expect(
      sampleOf(metrics, "skillpod_gateway_ticket_refusals_total", 'reason="invalid"'),
    ).toBeGreaterThanOrEqual(3);
    expect(
      sampleOf(metrics, "skillpod_gateway_ticket_refusals_total", 'reason="missing"'),
    ).toBeGreaterThanOrEqual(1);
  });

  it("takes the ticket from a ticket.<t> subprotocol beside binary", async () => {
    const { ref } = await workspace();
    const ticket = await ticketFor(app, owner, ref);
    const client = await RfbClient.connect(running.url, ["binary", `ticket.${ticket}`]);
    expect(client.socket.protocol).toBe("binary");
    await client.handshake();
    client.close();
  });

  it("refuses with 404 a grant whose user may not open it now (stranger; watcher no longer listed)", async () => {
    const { ref } = await workspace();
    const before = await refusalsAudited("no_access");
    const forged = await issueDesktopTicket(
      app.redis,
      { userId: stranger.userId, ...ref, mode: "watch" },
      30,
    );
    expect((await refusal(`${running.url}?ticket=${forged.ticket}`)).status).toBe(404);
    const watcherTicket = await ticketFor(app, watcher, ref);
    await patchSkillPod(ref, { spec: { supervision: { viewers: [] } } });
    expect((await refusal(`${running.url}?ticket=${watcherTicket}`)).status).toBe(404);
    await expect.poll(() => refusalsAudited("no_access")).toBe(before + 2);
  });

  it("answers a plain GET with 426 without using the ticket up", async () => {
    const { ref } = await workspace();
    const ticket = await ticketFor(app, owner, ref);
    const response = await fetch(`${running.base}/v1/desktop?ticket=${ticket}`);
    expect(response.status).toBe(426);
    (await open(ticket)).close();
  });
});

describe("revocation within 5 s", () => {
  type Trigger = {
    name: string;
    who: "owner" | "watcher";
    code: number;
    act: (w: Workspace) => Promise<void>;
  };
  const triggers: Trigger[] = [
    {
      name: "SkillPod stopped",
      who: "owner",
      code: gatewayCloseCodes.skillPodStopped,
      act: ({ ref }) => patchSkillPod(ref, { spec: { state: "Stopped" } }),
    },
    {
      name: "phase no longer Running",
      who: "owner",
      code: gatewayCloseCodes.skillPodStopped,
      act: async ({ ref }) => {
        const status = (await readSkillPod(ref)).status ?? runningStatus();
        await setStatus(ref, { ...status, phase: "Stopping" });
      },
    },
    {
      name: "SkillPod deleted",
      who: "owner",
      code: gatewayCloseCodes.skillPodDeleted,
      act: ({ ref }) => deleteSkillPod(ref),
    },
    {
      name: "dispute froze it",
      who: "owner",
      code: gatewayCloseCodes.skillPodFrozen,
      act: ({ contract }) => setMilestoneState(contract.milestoneId, "disputed"),
    },
    {
      name: "contract ended",
      who: "watcher",
      code: gatewayCloseCodes.accessRevoked,
      act: ({ contract }) => setContractState(contract.contractId, "completed"),
    },
    {
      name: "watcher removed from viewers",
      who: "watcher",
      code: gatewayCloseCodes.accessRevoked,
      act: ({ ref }) => patchSkillPod(ref, { spec: { supervision: { viewers: [] } } }),
    },
  ];

  for (const trigger of triggers) {
    it(`ends the ${trigger.who}'s session when: ${trigger.name}`, async () => {
      const w = await workspace();
      const client = await open(await ticketFor(app, trigger.who === "owner" ? owner : watcher, w.ref));
      const since = Date.now();
      await trigger.act(w);
      const closed = await closedWithin(client, since);
      expect(closed.code).toBe(trigger.code);
      expect(closed.reason).not.toBe("");
      expect(closed.ms).toBeLessThan(5000);
    });
  }
});

describe("activity", () => {
  const activityOf = async (ref: Ref): Promise<string | undefined> =>
    (await readSkillPod(ref)).metadata?.annotations?.[activityAnnotation];

  it("is written by the owner's input at most once per interval, never by a watcher's traffic", async () => {
    const { ref } = await workspace();
    const watching = await open(await ticketFor(app, watcher, ref));
    for (const message of everyInputMessage()) watching.send(message);
    for (let i = 0; i < 5; i++)
      watching.send(rfbMessages.updateRequest(true, 800, 600), rfbMessages.fence(Buffer.alloc(0)));
    await sleep(1500);
    expect(await activityOf(ref)).toBeUndefined();

    const ownerClient = await open(await ticketFor(app, owner, ref));
    ownerClient.send(rfbMessages.updateRequest(false, 800, 600));
    await sleep(1000);
    expect(await activityOf(ref)).toBeUndefined();
    ownerClient.send(rfbMessages.pointer(0, 5, 5));
    await expect.poll(() => activityOf(ref), { timeout: 5000 }).toBeDefined();
    const first = await activityOf(ref);
    ownerClient.send(rfbMessages.key(true, 0x61), rfbMessages.key(false, 0x61));
    await sleep(1000);
    expect(await activityOf(ref)).toBe(first);
    await sleep(activityIntervalSeconds * 1000);
    ownerClient.send(rfbMessages.pointer(0, 6, 6));
    await expect.poll(() => activityOf(ref), { timeout: 5000 }).not.toBe(first);
    watching.close();
    ownerClient.close();
  });
});
