// The managed skill vocabulary against the real database: ids, names and synonyms resolve to one canonical
// id; unknown skills fail naming the field; autocomplete finds prefixes, synonyms and typos; admins extend
// the vocabulary and a word never names two skills.
import { stackEnv } from "@skillpod/testkit";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SkpError } from "../src/errors/index.js";
import { resolveSkillIds, suggestSkills } from "../src/skills/index.js";
import { buildTestApp, expectProblem } from "./app-harness.js";
import { dropKeysUnder, rateLimitNamespace, signUp, type SignedIn } from "./callers.js";
import { testSkill } from "./matrix/skills.js";

const namespace = rateLimitNamespace("skills");
let app: FastifyInstance;
let admin: SignedIn;
let freelancer: SignedIn;
let owner: pg.Client;

beforeAll(async () => {
  app = await buildTestApp({
    RATE_LIMIT_NAMESPACE: namespace,
    RATE_LIMIT_PUBLIC_PER_MINUTE: "100000",
    RATE_LIMIT_LOGIN_PER_MINUTE: "100000",
    RATE_LIMIT_SIGN_IN_PER_IP_PER_MINUTE: "100000",
  });
  [admin, freelancer] = await Promise.all([signUp(app, "admin"), signUp(app, "freelancer")]);
  owner = new pg.Client({ connectionString: stackEnv("TEST_DATABASE_URL") });
  await owner.connect();
});
afterAll(async () => {
  await owner?.end();
  if (app) await dropKeysUnder(app.redis, namespace);
  await app?.close();
});

async function rejection(promise: Promise<unknown>): Promise<SkpError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SkpError);
  return error as SkpError;
}

const addSkill = (skill: object, as: SignedIn = admin): Promise<LightMyRequestResponse> =>
  app.inject({ method: "POST", url: "/v1/skills", headers: as.headers, payload: skill });
const addSynonym = (
  skillId: string,
  synonym: string,
  as: SignedIn = admin,
): Promise<LightMyRequestResponse> =>
  app.inject({
    method: "POST",
    url: `/v1/skills/${skillId}/synonyms`,
    headers: as.headers,
    payload: { synonym },
  });

describe("resolving skills", () => {
  it("maps ids, names in any case and synonyms to canonical ids, de-duplicated in order", async () => {
    const ids = await resolveSkillIds(
      app.prisma,
      ["K8s", "kubernetes", "Node.js", " HTML & CSS ", "golang", "Kubernetes", "postgres"],
      "skills",
    );
    expect(ids).toEqual(["kubernetes", "nodejs", "html-css", "go", "postgresql"]);
    expect(await resolveSkillIds(app.prisma, [], "skills")).toEqual([]);
  });

  it("refuses an unknown skill with a 422 naming each unknown entry", async () => {
    const error = await rejection(resolveSkillIds(app.prisma, ["k8s", "kubernetees", "cobol"], "job.skills"));
    expect(error.status).toBe(422);
    expect(error.code).toBe("SKP_VALIDATION_FAILED");
    expect(error.extensions.errors).toEqual([
      { field: "job.skills.1", message: "is not a known skill" },
      { field: "job.skills.2", message: "is not a known skill" },
    ]);
  });

  it("names the unknown skill of a profile in the 422 the API answers", async () => {
    const response = await app.inject({
      method: "PUT",
      url: "/v1/me/freelancer-profile",
      headers: freelancer.headers,
      payload: {
        handle: `sk-${randomBytes(5).toString("hex")}`,
        skills: [
          { skill: "k8s", level: 3 },
          { skill: "quantum basket weaving", level: 2 },
        ],
      },
    });
    expectProblem(response, 422, "SKP_VALIDATION_FAILED");
    expect(response.json<{ errors: unknown[] }>().errors).toEqual([
      { field: "skills.1.skill", message: "is not a known skill" },
    ]);
  });
});

describe("autocomplete for skills", () => {
  const ids = async (prefix: string, limit = 5): Promise<string[]> =>
    (await suggestSkills(app.prisma, prefix, limit)).map((s) => s.id);

  it("finds a skill despite a typo", async () => {
    expect((await ids("kubernets"))[0]).toBe("kubernetes");
    expect((await ids("Pyhton"))[0]).toBe("python");
    expect((await ids("dokcer"))[0]).toBe("docker");
  });

  it("finds a skill by a synonym and by a prefix of a name, a word or a synonym", async () => {
    expect((await ids("k8"))[0]).toBe("kubernetes");
    expect((await ids("golan"))[0]).toBe("go");
    expect((await ids("reac")).slice(0, 2)).toEqual(["react", "react-native"]);
    expect((await ids("kaf"))[0]).toBe("kafka");
    const [first] = await suggestSkills(app.prisma, "post", 1);
    expect(first).toEqual({ id: "postgresql", name: "PostgreSQL", category: "backend" });
  });

  it("answers nothing for blank or wildcard-only input and honours the limit", async () => {
    expect(await ids("   ")).toEqual([]);
    expect(await ids("%%")).toEqual([]);
    expect(await ids("_")).toEqual([]);
    expect(await ids("a", 3)).toHaveLength(3);
  });
});

describe("the vocabulary routes", () => {
  it("lists the vocabulary with synonyms, optionally one category", async () => {
    const all = await app.inject({ url: "/v1/skills" });
    expect(all.statusCode).toBe(200);
    const items = all.json<{ items: { id: string; category: string; synonyms: string[] }[] }>().items;
    expect(items.length).toBeGreaterThanOrEqual(74);
    const devops = await app.inject({ url: "/v1/skills?category=devops" });
    const devopsItems = devops.json<{ items: { id: string; category: string; synonyms: string[] }[] }>()
      .items;
    expect(devopsItems.every((s) => s.category === "devops")).toBe(true);
    expect(devopsItems.find((s) => s.id === "kubernetes")?.synonyms).toEqual(["k8s", "kube"]);
    expectProblem(await app.inject({ url: "/v1/skills?category=DevOps!" }), 400, "SKP_VALIDATION_FAILED");
  });

  it("lets an admin add a skill that then resolves by its name, and refuses a word already in use", async () => {
    const skill = testSkill();
    const created = await addSkill(skill);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toEqual({ ...skill, synonyms: [] });
    expect(await resolveSkillIds(app.prisma, [skill.name.toUpperCase()], "skills")).toEqual([skill.id]);
    expectProblem(await addSkill({ ...testSkill(), id: skill.id }), 409, "SKP_SKILL_EXISTS");
    // A name that is already a synonym would make "K8s" mean two skills.
    expectProblem(await addSkill({ ...testSkill(), name: "K8s" }), 409, "SKP_SKILL_EXISTS");
    expectProblem(await addSkill(testSkill(), freelancer), 403, "SKP_FORBIDDEN");
  });

  it("lets an admin add a synonym, refuses one in use, and finds profiles by it at once", async () => {
    const skill = testSkill();
    expect((await addSkill(skill)).statusCode).toBe(201);
    const handle = `sk-${randomBytes(5).toString("hex")}`;
    const saved = await app.inject({
      method: "PUT",
      url: "/v1/me/freelancer-profile",
      headers: freelancer.headers,
      payload: { handle, skills: [{ skill: skill.id, level: 5 }] },
    });
    expect(saved.statusCode, saved.body).toBeLessThan(300);

    const word = `zqword${randomBytes(4).toString("hex")}`;
    const added = await addSynonym(skill.id, `  ${word.toUpperCase()} `);
    expect(added.statusCode, added.body).toBe(201);
    expect(added.json<{ synonyms: string[] }>().synonyms).toEqual([word]);
    expect(await resolveSkillIds(app.prisma, [word], "skills")).toEqual([skill.id]);
    const found = await owner.query(
      "SELECT handle FROM freelancer_profiles WHERE search_vector @@ plainto_tsquery('english', $1)",
      [word],
    );
    expect(found.rows).toEqual([{ handle }]);

    expectProblem(await addSynonym(skill.id, word), 409, "SKP_SYNONYM_TAKEN");
    expectProblem(await addSynonym(skill.id, "K8S"), 409, "SKP_SYNONYM_TAKEN");
    expectProblem(await addSynonym(skill.id, "Kubernetes"), 409, "SKP_SYNONYM_TAKEN");
    expectProblem(await addSynonym(skill.id, "   "), 422, "SKP_VALIDATION_FAILED");
    expectProblem(await addSynonym("zq-no-such-skill", "anything new"), 404, "SKP_NOT_FOUND");
    expectProblem(await addSynonym(skill.id, "another word", freelancer), 403, "SKP_FORBIDDEN");
  });
});
