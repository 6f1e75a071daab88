// The workspaces API over the real API, PostgreSQL and kube-apiserver: the list holds exactly the caller's
// SkillPods (owned, or watched while listed and a party of the active contract) with their live status; one
// reads like a list item; start and stop patch spec.state for the owner only, never while a dispute freezes
// the workspace, and are audited.
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildTestApp, expectProblem } from "./app-harness.js";
import { dropKeysUnder, rateLimitNamespace, signUp, type SignedIn } from "./callers.js";
import {
  auditOf,
  createSkillPod,
  dropNamespaces,
  ensureCrds,
  insertContract,
  readSkillPod,
  runningStatus,
  setContractState,
  setMilestoneState,
  setStatus,
  tenantNamespace,
  type ContractRow,
  type Ref,
} from "./workspaces-fixtures.js";

const limits = rateLimitNamespace("workspaces");
let app: FastifyInstance;
let namespace: string;
let owner: SignedIn;
let client: SignedIn;
let stranger: SignedIn;
let active: ContractRow;

type View = {
  namespace: string;
  name: string;
  state: string;
  phase: string | null;
  ready: boolean;
  idleWarning: { since: string; message: string } | null;
  contractId: string | null;
  frozen: boolean;
  mode: string;
};
type ViewPage = { items: View[]; nextCursor: string | null };

const list = async (user: SignedIn, query = ""): Promise<ViewPage> => {
  const response = await app.inject({ url: `/v1/workspaces${query}`, headers: user.headers });
  expect(response.statusCode, response.body).toBe(200);
  return response.json<ViewPage>();
};

const names = (page: ViewPage): string[] => page.items.map((v) => `${v.namespace}/${v.name}`);
const key = (ref: Ref): string => `${ref.namespace}/${ref.name}`;

const change = async (user: SignedIn, ref: Ref, verb: "start" | "stop") =>
  app.inject({
    method: "POST",
    url: `/v1/workspaces/${ref.namespace}/${ref.name}/${verb}`,
    headers: user.headers,
  });

beforeAll(async () => {
  await ensureCrds();
  app = await buildTestApp({ RATE_LIMIT_NAMESPACE: limits });
  [owner, client, stranger] = await Promise.all([
    signUp(app, "freelancer"),
    signUp(app, "client"),
    signUp(app, "client"),
  ]);
  namespace = await tenantNamespace();
  active = await insertContract({ clientId: client.userId, freelancerId: owner.userId });
});

afterAll(async () => {
  await dropNamespaces();
  if (app) await dropKeysUnder(app.redis, limits);
  await app?.close();
});

describe("GET /v1/workspaces", () => {
  it("lists exactly the SkillPods the caller owns or may watch, with mode and live status", async () => {
    const ended = await insertContract({ clientId: client.userId, freelancerId: owner.userId }, "completed");
    const othersContract = await insertContract({ clientId: stranger.userId, freelancerId: owner.userId });
    const watched = await createSkillPod({
      namespace,
      ownerId: owner.userId,
      viewers: [client.userId],
      contract: active,
    });
    const unlisted = await createSkillPod({
      namespace,
      ownerId: owner.userId,
      viewers: [],
      contract: active,
    });
    const afterEnd = await createSkillPod({
      namespace,
      ownerId: owner.userId,
      viewers: [client.userId],
      contract: ended,
    });
    const others = await createSkillPod({
      namespace,
      ownerId: owner.userId,
      viewers: [client.userId],
      contract: othersContract,
    });
    await setStatus(watched, {
      ...runningStatus(),
      conditions: [
        ...(runningStatus().conditions ?? []),
        {
          type: "IdleWarning",
          status: "True",
          lastTransitionTime: "2026-12-07T10:00:00Z",
          reason: "Idle",
          message: "Stops at 10:05 unless someone types",
        },
      ],
    });

    const mine = await list(owner);
    expect(names(mine).sort()).toEqual([watched, unlisted, afterEnd, others].map(key).sort());
    expect(mine.items.every((v) => v.mode === "interactive")).toBe(true);

    const theirs = await list(client);
    expect(names(theirs)).toEqual([key(watched)]);
    expect(theirs.items[0]).toMatchObject({
      mode: "watch",
      state: "Running",
      phase: "Running",
      ready: true,
      idleWarning: { since: "2026-12-07T10:00:00Z", message: "Stops at 10:05 unless someone types" },
      contractId: active.contractId,
      frozen: false,
    });

    // The stranger is the client of `othersContract` but no viewer of its SkillPod.
    expect((await list(stranger)).items).toEqual([]);
  });

  it("pages by namespace and name with a cursor, and refuses a cursor it never made", async () => {
    const own = await signUp(app, "freelancer");
    const contract = await insertContract({ clientId: client.userId, freelancerId: own.userId });
    const refs = await Promise.all(
      [0, 1, 2].map(async () => createSkillPod({ namespace, ownerId: own.userId, contract })),
    );
    const first = await list(own, "?limit=2");
    expect(first.items).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await list(own, `?limit=2&cursor=${first.nextCursor}`);
    expect(second.nextCursor).toBeNull();
    expect([...names(first), ...names(second)]).toEqual(refs.map(key).sort());
    const bad = await app.inject({ url: "/v1/workspaces?cursor=bm9wZQ", headers: own.headers });
    expectProblem(bad, 422, "SKP_VALIDATION_FAILED");
  });
});

describe("GET /v1/workspaces/{namespace}/{name}", () => {
  it("shows the owner and a viewer their mode, and a stranger the 404 of a missing one", async () => {
    const ref = await createSkillPod({
      namespace,
      ownerId: owner.userId,
      viewers: [client.userId],
      contract: active,
    });
    const read = async (user: SignedIn, r: Ref = ref) =>
      app.inject({ url: `/v1/workspaces/${r.namespace}/${r.name}`, headers: user.headers });
    expect((await read(owner)).json<View>()).toMatchObject({ ...ref, mode: "interactive", state: "Running" });
    expect((await read(client)).json<View>()).toMatchObject({ ...ref, mode: "watch" });
    expectProblem(await read(stranger), 404, "SKP_NOT_FOUND");
    expectProblem(await read(owner, { namespace, name: "ws-missing" }), 404, "SKP_NOT_FOUND");
    expectProblem(
      await read(owner, { namespace: "Not_A_Namespace", name: "x" }),
      400,
      "SKP_VALIDATION_FAILED",
    );
  });
});

describe("POST /v1/workspaces/{namespace}/{name}/start and /stop", () => {
  it("patch spec.state for the owner (202) and audit it", async () => {
    const ref = await createSkillPod({
      namespace,
      ownerId: owner.userId,
      viewers: [client.userId],
      contract: active,
    });
    const stopped = await change(owner, ref, "stop");
    expect(stopped.statusCode, stopped.body).toBe(202);
    expect(stopped.json<View>()).toMatchObject({ ...ref, state: "Stopped", mode: "interactive" });
    expect((await readSkillPod(ref)).spec.state).toBe("Stopped");

    const started = await change(owner, ref, "start");
    expect(started.statusCode, started.body).toBe(202);
    expect((await readSkillPod(ref)).spec.state).toBe("Running");

    const events = (await auditOf(owner.userId)).filter((e) => e.target_id === key(ref));
    expect(events.map((e) => [e.action, e.outcome, e.details])).toEqual([
      ["skillpod.stop_requested", "success", { from: "Running", to: "Stopped" }],
      ["skillpod.start_requested", "success", { from: "Stopped", to: "Running" }],
    ]);
  });

  it("refuse a viewer (403) and a stranger (404) without touching the SkillPod, audited", async () => {
    const ref = await createSkillPod({
      namespace,
      ownerId: owner.userId,
      viewers: [client.userId],
      contract: active,
    });
    expectProblem(await change(client, ref, "stop"), 403, "SKP_FORBIDDEN");
    expectProblem(await change(stranger, ref, "stop"), 404, "SKP_NOT_FOUND");
    expect((await readSkillPod(ref)).spec.state).toBe("Running");
    const refusals = [...(await auditOf(client.userId)), ...(await auditOf(stranger.userId))].filter(
      (e) => e.target_id === key(ref),
    );
    expect(refusals.map((e) => [e.action, e.outcome, e.details.reason])).toEqual([
      ["skillpod.stop_refused", "denied", "SKP_FORBIDDEN"],
      ["skillpod.stop_refused", "denied", "SKP_NOT_FOUND"],
    ]);
  });

  it("leave a workspace frozen by a dispute as the dispute left it (409 both ways)", async () => {
    const disputed = await insertContract({ clientId: client.userId, freelancerId: owner.userId });
    const ref = await createSkillPod({
      namespace,
      ownerId: owner.userId,
      contract: disputed,
      state: "Stopped",
    });
    await setMilestoneState(disputed.milestoneId, "disputed");
    expectProblem(await change(owner, ref, "start"), 409, "SKP_WORKSPACE_FROZEN");
    expectProblem(await change(owner, ref, "stop"), 409, "SKP_WORKSPACE_FROZEN");
    expect((await readSkillPod(ref)).spec.state).toBe("Stopped");
    const view = await app.inject({
      url: `/v1/workspaces/${ref.namespace}/${ref.name}`,
      headers: owner.headers,
    });
    expect(view.json<View>().frozen).toBe(true);

    await setMilestoneState(disputed.milestoneId, "in_progress");
    expect((await change(owner, ref, "start")).statusCode).toBe(202);
  });

  it("do not start a workspace whose contract has ended, but stop it", async () => {
    const ending = await insertContract({ clientId: client.userId, freelancerId: owner.userId });
    const ref = await createSkillPod({
      namespace,
      ownerId: owner.userId,
      contract: ending,
      state: "Stopped",
    });
    await setContractState(ending.contractId, "cancelled");
    expectProblem(await change(owner, ref, "start"), 409, "SKP_WORKSPACE_CONTRACT_ENDED");
    expect((await readSkillPod(ref)).spec.state).toBe("Stopped");
    expect((await change(owner, ref, "stop")).statusCode).toBe(202);
  });
});
