// Desktop-session tickets over the real API, Redis, PostgreSQL and kube-apiserver: who gets which mode, who
// is refused (with the same 404 as a missing workspace, and the reason in the audit trail), and that a ticket
// opens at most one session, once, before it expires.
import type { FastifyInstance } from "fastify";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { consumeDesktopTicket, issueDesktopTicket, type DesktopTicketGrant } from "../src/index.js";
import { buildTestApp, expectProblem } from "./app-harness.js";
import { dropKeysUnder, rateLimitNamespace, signUp, type SignedIn } from "./callers.js";
import {
  auditOf,
  createSkillPod,
  dropNamespaces,
  ensureCrds,
  insertContract,
  runningStatus,
  setContractState,
  setMilestoneState,
  setStatus,
  setViewers,
  tenantNamespace,
  type ContractRow,
  type Ref,
} from "./workspaces-fixtures.js";

const limits = rateLimitNamespace("desktop-sessions");
let app: FastifyInstance;
let namespace: string;
let owner: SignedIn;
let client: SignedIn;
let stranger: SignedIn;
let contract: ContractRow;
let watched: Ref;

type Opened = { ticket: string; expiresAt: string; mode: string; url: string };

const open = async (user: SignedIn, ref: Ref, payload?: object) =>
  app.inject({
    method: "POST",
    url: `/v1/workspaces/${ref.namespace}/${ref.name}/desktop-sessions`,
    headers: user.headers,
    ...(payload === undefined ? {} : { payload }),
  });

/** A Running SkillPod of `owner` on `contract`, watched by `viewers`. */
async function runningSkillPod(viewers: string[], on: ContractRow = contract): Promise<Ref> {
  const ref = await createSkillPod({ namespace, ownerId: owner.userId, viewers, contract: on });
  await setStatus(ref, runningStatus());
  return ref;
}

/** The last refusal the trail holds for this user, on this SkillPod. */
async function lastRefusal(user: SignedIn, ref: Ref): Promise<Record<string, unknown> | undefined> {
  const events = await auditOf(user.userId);
  const refusals = events.filter(
    (e) => e.action === "desktop_session.refused" && e.target_id === `${ref.namespace}/${ref.name}`,
  );
  expect(refusals.at(-1)?.outcome).toBe("denied");
  return refusals.at(-1)?.details;
}

beforeAll(async () => {
  await ensureCrds();
  app = await buildTestApp({ RATE_LIMIT_NAMESPACE: limits });
  [owner, client, stranger] = await Promise.all([
    signUp(app, "freelancer"),
    signUp(app, "client"),
    signUp(app, "client"),
  ]);
  namespace = await tenantNamespace();
  contract = await insertContract({ clientId: client.userId, freelancerId: owner.userId });
  watched = await runningSkillPod([client.userId]);
});

afterAll(async () => {
  await dropNamespaces();
  if (app) await dropKeysUnder(app.redis, limits);
  await app?.close();
});

describe("POST /v1/workspaces/{namespace}/{name}/desktop-sessions", () => {
  it("gives the owner an interactive ticket for the gateway, bound to them and this SkillPod, audited", async () => {
    const response = await open(owner, watched);
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json<Opened>();
    expect(body.mode).toBe("interactive");
    expect(body.url).toBe(`ws://127.0.0.1:8081/v1/desktop?ticket=${body.ticket}`);
    const ttl = Date.parse(body.expiresAt) - Date.now();
    expect(ttl).toBeGreaterThan(15_000);
    expect(ttl).toBeLessThanOrEqual(20_000);
    const grant = await consumeDesktopTicket(app.redis, body.ticket);
    expect(grant).toMatchObject({ userId: owner.userId, ...watched, mode: "interactive" });
    const issued = (await auditOf(owner.userId)).filter((e) => e.action === "desktop_session.issued");
    expect(issued.at(-1)).toMatchObject({
      target_id: `${watched.namespace}/${watched.name}`,
      outcome: "success",
      details: { mode: "interactive", expiresAt: body.expiresAt },
    });
  });

  it("lets the owner ask to watch", async () => {
    const response = await open(owner, watched, { mode: "watch" });
    expect(response.statusCode, response.body).toBe(201);
    expect(response.json<Opened>().mode).toBe("watch");
  });

  it("gives a listed viewer who is a party of the active contract a watch ticket, never an interactive one", async () => {
    const response = await open(client, watched);
    expect(response.statusCode, response.body).toBe(201);
    const body = response.json<Opened>();
    expect(body.mode).toBe("watch");
    expect(await consumeDesktopTicket(app.redis, body.ticket)).toMatchObject({
      userId: client.userId,
      mode: "watch",
    });

    expectProblem(await open(client, watched, { mode: "interactive" }), 404, "SKP_NOT_FOUND");
    expect(await lastRefusal(client, watched)).toMatchObject({
      why: "watcher_asked_interactive",
      askedMode: "interactive",
      reason: "SKP_NOT_FOUND",
    });
  });

  it("refuses a party of the contract who is not a listed viewer, and a viewer removed from the list", async () => {
    const unlisted = await runningSkillPod([]);
    expectProblem(await open(client, unlisted), 404, "SKP_NOT_FOUND");
    expect(await lastRefusal(client, unlisted)).toMatchObject({ why: "not_owner_or_viewer" });

    const later = await runningSkillPod([client.userId]);
    expect((await open(client, later)).statusCode).toBe(201);
    await setViewers(later, []);
    expectProblem(await open(client, later), 404, "SKP_NOT_FOUND");
  });

  it("refuses a viewer whose contract has ended", async () => {
    const ended = await insertContract({ clientId: client.userId, freelancerId: owner.userId });
    const ref = await runningSkillPod([client.userId], ended);
    expect((await open(client, ref)).statusCode).toBe(201);
    await setContractState(ended.contractId, "completed");
    expectProblem(await open(client, ref), 404, "SKP_NOT_FOUND");
    expect(await lastRefusal(client, ref)).toMatchObject({ why: "viewer_without_active_contract" });
    // The owner still works in it: the contract's end stops it through the workflow, not through this rule.
    expect((await open(owner, ref)).statusCode).toBe(201);
  });

  it("refuses a viewer listed on a SkillPod of a contract they are no party of", async () => {
    const ref = await runningSkillPod([stranger.userId]);
    expectProblem(await open(stranger, ref), 404, "SKP_NOT_FOUND");
    expect(await lastRefusal(stranger, ref)).toMatchObject({ why: "viewer_without_active_contract" });
  });

  it("answers a stranger exactly as for a SkillPod that does not exist, and audits both", async () => {
    const refused = await open(stranger, watched);
    const missing = await open(stranger, { namespace, name: "ws-does-not-exist" });
    expectProblem(refused, 404, "SKP_NOT_FOUND");
    expectProblem(missing, 404, "SKP_NOT_FOUND");
    // Everything but where it was asked and which request it was.
    const bodyOf = (r: typeof refused): Record<string, unknown> => {
      const body = r.json<Record<string, unknown>>();
      return { ...body, instance: undefined, requestId: undefined };
    };
    expect(bodyOf(refused)).toEqual(bodyOf(missing));
    expect(await lastRefusal(stranger, watched)).toMatchObject({ why: "not_owner_or_viewer" });
    expect(await lastRefusal(stranger, { namespace, name: "ws-does-not-exist" })).toMatchObject({
      why: "missing",
    });
  });

  it("is a 409 for a SkillPod that is not running or is frozen by a dispute, audited", async () => {
    const starting = await createSkillPod({ namespace, ownerId: owner.userId, contract });
    await setStatus(starting, { phase: "Starting" });
    expectProblem(await open(owner, starting), 409, "SKP_WORKSPACE_NOT_RUNNING");
    expect(await lastRefusal(owner, starting)).toMatchObject({ reason: "SKP_WORKSPACE_NOT_RUNNING" });

    const disputed = await insertContract({ clientId: client.userId, freelancerId: owner.userId });
    const frozen = await runningSkillPod([client.userId], disputed);
    await setMilestoneState(disputed.milestoneId, "disputed");
    expectProblem(await open(owner, frozen), 409, "SKP_WORKSPACE_FROZEN");
    expectProblem(await open(client, frozen), 409, "SKP_WORKSPACE_FROZEN");
    // A stranger learns nothing, frozen or not.
    expectProblem(await open(stranger, frozen), 404, "SKP_NOT_FOUND");
  });

  it("refuses an unknown mode and a body with extra fields", async () => {
    expectProblem(await open(owner, watched, { mode: "admin" }), 400, "SKP_VALIDATION_FAILED");
    expectProblem(
      await open(owner, watched, { mode: "watch", userId: stranger.userId }),
      400,
      "SKP_VALIDATION_FAILED",
    );
  });
});

describe("desktop-session tickets in Redis", () => {
  const grant = (): DesktopTicketGrant => ({ userId: owner.userId, ...watched, mode: "interactive" });

  it("open once: a second consume gets nothing", async () => {
    const { ticket } = await issueDesktopTicket(app.redis, grant(), 20);
    expect(await consumeDesktopTicket(app.redis, ticket)).toEqual(grant());
    expect(await consumeDesktopTicket(app.redis, ticket)).toBeUndefined();
  });

  it("give one grant between many sockets racing with one ticket", async () => {
    const { ticket } = await issueDesktopTicket(app.redis, grant(), 20);
    const results = await Promise.all(
      Array.from({ length: 20 }, async () => consumeDesktopTicket(app.redis, ticket)),
    );
    expect(results.filter((r) => r !== undefined)).toHaveLength(1);
  });

  it("expire", async () => {
    const { ticket, expiresAt } = await issueDesktopTicket(app.redis, grant(), 1);
    expect(Date.parse(expiresAt) - Date.now()).toBeLessThanOrEqual(1000);
    await sleep(1300);
    expect(await consumeDesktopTicket(app.redis, ticket)).toBeUndefined();
  });

  it("carry the user they were issued to, so a ticket never opens another user's mode", async () => {
    const response = await open(client, watched);
    const { ticket } = response.json<Opened>();
    const consumed = await consumeDesktopTicket(app.redis, ticket);
    expect(consumed?.userId).toBe(client.userId);
    expect(consumed?.mode).toBe("watch");
  });

  it("refuse what was never issued, without touching Redis for a malformed one", async () => {
    expect(await consumeDesktopTicket(app.redis, "x".repeat(43))).toBeUndefined();
    expect(await consumeDesktopTicket(app.redis, "not a ticket")).toBeUndefined();
    // A live-channel ticket is no desktop ticket.
    const live = await app.inject({ method: "POST", url: "/v1/live/tickets", headers: owner.headers });
    expect(await consumeDesktopTicket(app.redis, live.json<{ ticket: string }>().ticket)).toBeUndefined();
  });
});
