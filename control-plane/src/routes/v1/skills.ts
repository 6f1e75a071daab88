import { problemSchema } from "../../errors/problem-schema.js";
import { addSkill, addSynonym, listSkills } from "../../skills/index.js";
import {
  newSkillBody,
  newSynonymBody,
  skillListQuery,
  skillListSchema,
  skillParams,
  skillSchema,
} from "./skill-schemas.js";
import { type TypedApp, admins, bearer } from "./typed-app.js";

const adminErrors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 429: problemSchema };

/** The managed skill vocabulary (src/skills/): anyone reads it, admins extend it. */
export async function skillsRoutes(app: TypedApp): Promise<void> {
  app.get(
    "/v1/skills",
    {
      config: { access: { public: true } },
      schema: {
        tags: ["skills"],
        summary: "The skill vocabulary, each skill with its synonyms (optionally one category)",
        querystring: skillListQuery,
        response: { 200: skillListSchema, 400: problemSchema, 429: problemSchema },
      },
    },
    async (request) => ({ items: await listSkills(app.prisma, request.query.category) }),
  );

  app.post(
    "/v1/skills",
    {
      config: { access: admins },
      schema: {
        tags: ["skills"],
        summary: "Add a skill to the vocabulary (admin)",
        security: bearer,
        body: newSkillBody,
        response: { 201: skillSchema, ...adminErrors, 409: problemSchema },
      },
    },
    async (request, reply) => reply.code(201).send(await addSkill(app.prisma, request.body)),
  );

  app.post(
    "/v1/skills/:skillId/synonyms",
    {
      config: { access: admins },
      schema: {
        tags: ["skills"],
        summary: "Add a synonym to a skill (admin); a word that already names a skill is refused",
        security: bearer,
        params: skillParams,
        body: newSynonymBody,
        response: { 201: skillSchema, ...adminErrors, 404: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await addSynonym(app.prisma, request.params.skillId, request.body.synonym)),
  );
  return Promise.resolve();
}
