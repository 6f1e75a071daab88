// The skills capability's rows of the authorization matrix.
import { randomBytes } from "node:crypto";
import type { Caller, Entry, MatrixContext, Outcome } from "./matrix-types.js";
import { everyone, get } from "./matrix-types.js";

const admins: Record<Caller, Outcome> = {
  anonymous: 401,
  freelancer: 403,
  client: 403,
  admin: "ok",
  auditor: 403,
  service: 403,
};

/** A skill no other test uses (ids and names no search test looks for). */
export function testSkill(): { id: string; name: string; category: string } {
  const tag = randomBytes(5).toString("hex");
  return { id: `zq-${tag}`, name: `Zq fixture ${tag}`, category: "test-fixtures" };
}

async function createSkill(ctx: MatrixContext): Promise<Record<string, string>> {
  const skill = testSkill();
  const created = await ctx.app.inject({
    method: "POST",
    url: "/v1/skills",
    headers: ctx.users.admin.headers,
    payload: skill,
  });
  if (created.statusCode !== 201) throw new Error(`skill: ${created.statusCode} ${created.body}`);
  return { skillId: skill.id };
}

export const skillsMatrix: Record<string, Entry> = {
  "GET /v1/skills": { request: get("/v1/skills?category=devops"), expect: everyone },
  "POST /v1/skills": {
    request: () => ({ method: "POST", url: "/v1/skills", payload: testSkill() }),
    expect: admins,
  },
  "POST /v1/skills/:skillId/synonyms": {
    request: (call) => ({
      method: "POST",
      url: `/v1/skills/${call.params.skillId}/synonyms`,
      payload: { synonym: `zq syn ${randomBytes(5).toString("hex")}` },
    }),
    expect: admins,
    // The vocabulary has no owner: any admin may extend any skill.
    object: { create: createSkill, stranger: { role: "admin", expect: "ok" } },
  },
};
