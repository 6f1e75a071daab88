// Jobs against the real database through the real app: posting with skills from the vocabulary and workspace
// terms in the SkillPod spec's words, who may read a job, editing, and the state machine — refused by the
// database itself (a direct UPDATE as the app role fails) and over HTTP (409).
import { stackEnv } from "@skillpod/testkit";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fromDatabaseError } from "../src/errors/index.js";
import { defaultWorkspaceTerms, jobCategories, jobRuleErrors } from "../src/jobs/index.js";
import { buildTestApp, expectProblem } from "./app-harness.js";
import { dropKeysUnder, rateLimitNamespace, signUp, type SignedIn } from "./callers.js";
import { asOwner, jobBody, postJob, uniqueWord, type PostedJob } from "./jobs-fixtures.js";

const namespace = rateLimitNamespace("jobs");
let app: FastifyInstance;
let client: SignedIn;
let otherClient: SignedIn;
let freelancer: SignedIn;

beforeAll(async () => {
  app = await buildTestApp({
    RATE_LIMIT_NAMESPACE: namespace,
    RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
    RATE_LIMIT_AUTHENTICATED_PER_MINUTE: "100000",
    RATE_LIMIT_LOGIN_PER_MINUTE: "100000",
    RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE: "100000",
  });
  [client, otherClient, freelancer] = await Promise.all([
    signUp(app, "client"),
    signUp(app, "client"),
    signUp(app, "freelancer"),
  ]);
});
afterAll(async () => {
  if (app) await dropKeysUnder(app.redis, namespace);
  await app?.close();
});

const fieldsOf = (response: LightMyRequestResponse): string[] =>
  (response.json<{ errors?: { field: string }[] }>().errors ?? []).map((e) => e.field);

const read = (jobId: string, as?: SignedIn): Promise<LightMyRequestResponse> =>
  app.inject({ url: `/v1/jobs/${jobId}`, ...(as ? { headers: as.headers } : {}) });

const move = (jobId: string, action: string, as: SignedIn = client): Promise<LightMyRequestResponse> =>
  app.inject({ method: "POST", url: `/v1/jobs/${jobId}/${action}`, headers: as.headers });

const post = (payload: Record<string, unknown>, as: SignedIn = client): Promise<LightMyRequestResponse> =>
  app.inject({ method: "POST", url: "/v1/jobs", headers: as.headers, payload });

describe("posting a job", () => {
  it("stores a draft with skills resolved through the vocabulary and the default workspace terms", async () => {
    const response = await post(
      jobBody({
        title: "  Upgrade our Kubernetes clusters  ",
        skills: ["k8s", "Terraform", "kubernetes"],
        budget: { minMinor: 150_000, maxMinor: 300_000 },
      }),
    );
    expect(response.statusCode, response.body).toBe(201);
    const job = response.json<PostedJob>();
    expect(job).toMatchObject({
      clientId: client.userId,
      title: "Upgrade our Kubernetes clusters",
      state: "DRAFT",
      visibility: "PUBLIC",
      publishedAt: null,
      skills: [
        { id: "kubernetes", name: "Kubernetes" },
        { id: "terraform", name: "Terraform" },
      ],
      budget: { minMinor: 150_000, maxMinor: 300_000, currency: "USD" },
      workspaceTerms: defaultWorkspaceTerms,
    });
  });

  it("keeps workspace terms in the SkillPod spec's words, filling what was left out", async () => {
    const job = await postJob(app, client, {
      title: "Audit a payment service",
      workspaceTerms: {
        className: "gpu-desktop.large",
        egress: { allow: ["10.0.0.0/8:443", "192.168.4.0/24:5432"] },
        supervision: { recording: "WithConsent" },
        clipboard: "ToWorkspace",
      },
    });
    expect(job.workspaceTerms).toEqual({
      className: "gpu-desktop.large",
      egress: { allow: ["10.0.0.0/8:443", "192.168.4.0/24:5432"] },
      supervision: { viewersAllowed: true, recording: "WithConsent" },
      clipboard: "ToWorkspace",
      fileTransfer: "Both",
    });
    expect(job.state).toBe("OPEN");
    expect(Date.parse(String(job.publishedAt))).toBeGreaterThan(Date.now() - 60_000);
  });

  it("refuses bad input with a 400 naming the field", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [jobBody({ title: "x", skills: ["kubernetes", "no-such-skill"] }), "skills.1"],
      [jobBody({ title: "x", budget: { minMinor: 500, maxMinor: 100 } }), "budget.maxMinor"],
      [jobBody({ title: "   " }), "title"],
      [jobBody({ title: "x", category: "gardening" }), "category"],
      [jobBody({ title: "x", workspaceTerms: { className: "Not_A_Name" } }), "workspaceTerms.className"],
      [
        jobBody({ title: "x", workspaceTerms: { egress: { allow: ["api.example.com:443"] } } }),
        "workspaceTerms.egress.allow.0",
      ],
      [
        jobBody({ title: "x", workspaceTerms: { egress: { allow: ["10.0.0.0/8:443", "10.0.0.1/8:443"] } } }),
        "workspaceTerms.egress.allow.1",
      ],
      [
        jobBody({ title: "x", workspaceTerms: { egress: { allow: ["169.254.169.254/32:80"] } } }),
        "workspaceTerms.egress.allow.0",
      ],
      [
        jobBody({ title: "x", workspaceTerms: { egress: { allow: ["10.0.0.0/8:70000"] } } }),
        "workspaceTerms.egress.allow.0",
      ],
      [jobBody({ title: "x", workspaceTerms: { clipboard: "Off" } }), "workspaceTerms.clipboard"],
      [{ ...jobBody({ title: "x" }), state: "FILLED" }, "state"],
    ];
    for (const [payload, field] of cases) {
      const response = await post(payload);
      // 400 when the schema refuses the value, 422 when a rule does; the field is named either way.
      expectProblem(response, response.statusCode === 422 ? 422 : 400, "SKP_VALIDATION_FAILED");
      expect(fieldsOf(response), JSON.stringify(payload)).toContain(field);
    }
  });

  it("is for clients only", async () => {
    expectProblem(await post(jobBody({ title: "x" }), freelancer), 403, "SKP_FORBIDDEN");
    expectProblem(
      await app.inject({ method: "POST", url: "/v1/jobs", payload: jobBody({ title: "x" }) }),
      401,
      "SKP_UNAUTHENTICATED",
    );
  });

  it("files jobs under exactly the categories of the skill vocabulary", async () => {
    const migration = await readFile(
      fileURLToPath(
        new URL("../prisma/migrations/20261207030100_skill_vocabulary/migration.sql", import.meta.url),
      ),
      "utf8",
    );
    const seeded = new Set(
      [...migration.matchAll(/\('[a-z0-9-]+', '(?:[^']|'')*', '([a-z-]+)'\)/g)].map((m) => m[1]),
    );
    expect([...seeded].sort()).toEqual([...jobCategories].sort());
    const inDatabase = await asOwner<{ category: string }>("SELECT DISTINCT category FROM skills");
    expect(inDatabase.map((r) => r.category)).toEqual(expect.arrayContaining([...jobCategories]));
  });
});

describe("reading a job", () => {
  it("shows a draft or private job to its client only; to anyone else it is missing", async () => {
    const draft = await postJob(app, client, { title: "Draft job", state: "DRAFT" });
    const hidden = await postJob(app, client, { title: "Private job", visibility: "PRIVATE" });
    for (const jobId of [draft.id, hidden.id, randomUUID()]) {
      for (const as of [undefined, freelancer, otherClient])
        expectProblem(await read(jobId, as), 404, "SKP_NOT_FOUND");
    }
    expect((await read(draft.id, client)).statusCode).toBe(200);
    expect((await read(hidden.id, client)).statusCode).toBe(200);
  });

  it("shows an open, closed or filled public job to anyone", async () => {
    const job = await postJob(app, client, { title: "Public job" });
    for (const state of ["OPEN", "CLOSED", "FILLED"]) {
      if (state === "CLOSED") expect((await move(job.id, "close")).statusCode).toBe(200);
      if (state === "FILLED") {
        expect((await move(job.id, "reopen")).statusCode).toBe(200);
        expect((await move(job.id, "fill")).statusCode).toBe(200);
      }
      for (const as of [undefined, freelancer, otherClient]) {
        const response = await read(job.id, as);
        expect(response.statusCode, state).toBe(200);
        expect(response.json<PostedJob>().state).toBe(state);
      }
    }
  });
});

describe("editing a job", () => {
  it("changes what is sent, merges workspace terms, and leaves the rest", async () => {
    const job = await postJob(app, client, {
      title: "Original title",
      skills: ["react"],
      workspaceTerms: { clipboard: "Disabled", egress: { allow: ["10.1.0.0/16:443"] } },
    });
    const response = await app.inject({
      method: "PATCH",
      url: `/v1/jobs/${job.id}`,
      headers: client.headers,
      payload: { title: "New title", skills: ["ts"], workspaceTerms: { fileTransfer: "Disabled" } },
    });
    expect(response.statusCode, response.body).toBe(200);
    expect(response.json()).toMatchObject({
      title: "New title",
      description: job.description,
      skills: [{ id: "typescript" }],
      workspaceTerms: {
        clipboard: "Disabled",
        fileTransfer: "Disabled",
        egress: { allow: ["10.1.0.0/16:443"] },
      },
    });
  });

  it("is the job's client's alone, and only while the job is a draft or open", async () => {
    const job = await postJob(app, client, { title: "Edit me" });
    const edit = (as: SignedIn): Promise<LightMyRequestResponse> =>
      app.inject({
        method: "PATCH",
        url: `/v1/jobs/${job.id}`,
        headers: as.headers,
        payload: { title: "Mine" },
      });
    expectProblem(await edit(otherClient), 404, "SKP_NOT_FOUND");
    expectProblem(await edit(freelancer), 403, "SKP_FORBIDDEN");
    expect((await move(job.id, "fill")).statusCode).toBe(200);
    expectProblem(await edit(client), 409, "SKP_JOB_INVALID_STATE");
  });
});

describe("the job state machine", () => {
  it("moves draft → open → closed → open → filled, stamping published_at once", async () => {
    const job = await postJob(app, client, { title: "Lifecycle", state: "DRAFT" });
    const opened = (await move(job.id, "open")).json<PostedJob>();
    expect(opened.state).toBe("OPEN");
    expect(opened.publishedAt).not.toBeNull();
    expect((await move(job.id, "close")).json<PostedJob>().state).toBe("CLOSED");
    const reopened = (await move(job.id, "reopen")).json<PostedJob>();
    expect(reopened).toMatchObject({ state: "OPEN", publishedAt: opened.publishedAt });
    expect((await move(job.id, "fill")).json<PostedJob>().state).toBe("FILLED");
  });

  it("answers an illegal move with 409 over HTTP, and a stranger's move with 404", async () => {
    const draft = await postJob(app, client, { title: "Illegal moves", state: "DRAFT" });
    for (const action of ["close", "reopen", "fill"])
      expectProblem(await move(draft.id, action), 409, "SKP_JOB_INVALID_STATE");
    expectProblem(await move(draft.id, "open", otherClient), 404, "SKP_NOT_FOUND");
    expect((await move(draft.id, "open")).statusCode).toBe(200);
    for (const action of ["open", "reopen"])
      expectProblem(await move(draft.id, action), 409, "SKP_JOB_INVALID_STATE");
    expect((await move(draft.id, "fill")).statusCode).toBe(200);
    for (const action of ["open", "close", "reopen", "fill"])
      expectProblem(await move(draft.id, action), 409, "SKP_JOB_INVALID_STATE");
  });

  it("is enforced in SQL: the app role's own UPDATE of an illegal move fails", async () => {
    const draft = await postJob(app, client, { title: "SQL draft", state: "DRAFT" });
    const filled = await postJob(app, client, { title: "SQL filled" });
    expect((await move(filled.id, "fill")).statusCode).toBe(200);
    const appRole = new pg.Client({ connectionString: stackEnv("TEST_APP_DATABASE_URL") });
    await appRole.connect();
    try {
      const attempts: [string, string][] = [
        [draft.id, "CLOSED"],
        [draft.id, "FILLED"],
        [filled.id, "OPEN"],
        [filled.id, "CLOSED"],
        [filled.id, "DRAFT"],
      ];
      for (const [id, state] of attempts) {
        const error = await appRole.query(`UPDATE jobs SET state = $2 WHERE id = $1`, [id, state]).then(
          () => undefined,
          (e: unknown) => e as { code?: string; constraint?: string },
        );
        expect(error, `${id} → ${state}`).toMatchObject({
          code: "23514",
          constraint: "jobs_state_transition",
        });
      }
      const born = await appRole
        .query(
          `INSERT INTO jobs (client_id, title, description, category, billing, currency, budget_min_minor,
             budget_max_minor, duration, state, workspace_terms)
           VALUES ($1, 'Born closed', 'x', 'devops', 'FIXED', 'USD', 1, 2, 'LESS_THAN_WEEK', 'CLOSED', '{}')`,
          [client.userId],
        )
        .then(
          () => undefined,
          (e: unknown) => e as { constraint?: string },
        );
      expect(born).toMatchObject({ constraint: "jobs_state_transition" });
    } finally {
      await appRole.end();
    }
    const states = await asOwner<{ id: string; state: string }>(
      "SELECT id, state FROM jobs WHERE id = ANY($1)",
      [[draft.id, filled.id]],
    );
    expect(Object.fromEntries(states.map((r) => [r.id, r.state]))).toEqual({
      [draft.id]: "DRAFT",
      [filled.id]: "FILLED",
    });
  });

  it("maps the trigger's refusal, raised through Prisma, to the 409 callers see", async () => {
    const draft = await postJob(app, client, { title: "Through Prisma", state: "DRAFT" });
    const error = await app.prisma.job.update({ where: { id: draft.id }, data: { state: "FILLED" } }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeDefined();
    expect(fromDatabaseError(error, jobRuleErrors)).toBe(jobRuleErrors.jobs_state_transition);
    const raw = await app.prisma
      .$executeRaw`UPDATE jobs SET state = 'CLOSED' WHERE id = ${draft.id}::uuid`.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(fromDatabaseError(raw, jobRuleErrors)).toBe(jobRuleErrors.jobs_state_transition);
  });
});

describe("a client's own jobs", () => {
  it("lists them in any state, newest first, a page at a time, filtered by state", async () => {
    const owner = await signUp(app, "client");
    const word = uniqueWord();
    const posted: PostedJob[] = [];
    for (const [i, state] of (["DRAFT", "OPEN", "OPEN", "DRAFT", "OPEN"] as const).entries())
      posted.push(await postJob(app, owner, { title: `${word} ${i}`, state }));
    await postJob(app, client, { title: `${word} someone else's` });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const response: LightMyRequestResponse = await app.inject({
        url: `/v1/me/jobs?limit=2${cursor ? `&cursor=${cursor}` : ""}`,
        headers: owner.headers,
      });
      expect(response.statusCode, response.body).toBe(200);
      const page = response.json<{ items: PostedJob[]; nextCursor: string | null }>();
      seen.push(...page.items.map((job) => job.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toEqual(posted.map((job) => job.id).reverse());
    const drafts = await app.inject({ url: "/v1/me/jobs?state=DRAFT", headers: owner.headers });
    expect(drafts.json<{ items: PostedJob[] }>().items.map((job) => job.id)).toEqual([
      posted[3]!.id,
      posted[0]!.id,
    ]);
    expectProblem(
      await app.inject({ url: "/v1/me/jobs?cursor=bm9wZQ", headers: owner.headers }),
      422,
      "SKP_VALIDATION_FAILED",
    );
    expectProblem(
      await app.inject({ url: "/v1/me/jobs", headers: freelancer.headers }),
      403,
      "SKP_FORBIDDEN",
    );
  });
});
