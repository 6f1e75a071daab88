import { userOf } from "../../access.js";
import { problemSchema } from "../../errors/problem-schema.js";
import { createJob, listOwnJobs, moveJob, readJob, updateJob, type JobAction } from "../../jobs/index.js";
import {
  createJobBody,
  jobPageSchema,
  jobParams,
  jobSchema,
  ownJobsQuery,
  updateJobBody,
} from "./jobs-schemas.js";
import { type TypedApp, bearer, callerId, clients } from "./typed-app.js";

const ownerErrors = { 400: problemSchema, 401: problemSchema, 403: problemSchema, 404: problemSchema };

const actions: { action: JobAction; summary: string }[] = [
  { action: "open", summary: "Publish a draft job (it becomes searchable)" },
  { action: "close", summary: "Close an open job to new proposals" },
  { action: "reopen", summary: "Reopen a closed job" },
  { action: "fill", summary: "Mark an open job as filled (someone was hired)" },
];

function actionRoutes(app: TypedApp): void {
  for (const { action, summary } of actions)
    app.post(
      `/v1/jobs/:jobId/${action}`,
      {
        config: { access: clients },
        schema: {
          tags: ["jobs"],
          summary: `${summary} (the job's client)`,
          security: bearer,
          params: jobParams,
          response: { 200: jobSchema, ...ownerErrors, 409: problemSchema },
        },
      },
      async (request) => moveJob(app.prisma, request.params.jobId, callerId(request), action),
    );
}

/** Jobs (src/jobs/): clients post and manage them; anyone reads the public ones. */
export async function jobsRoutes(app: TypedApp): Promise<void> {
  app.post(
    "/v1/jobs",
    {
      config: { access: clients },
      schema: {
        tags: ["jobs"],
        summary: "Post a job, as a draft (default) or open",
        security: bearer,
        body: createJobBody,
        response: { 201: jobSchema, 400: problemSchema, 401: problemSchema, 403: problemSchema },
      },
    },
    async (request, reply) =>
      reply.code(201).send(await createJob(app.prisma, callerId(request), request.body)),
  );

  app.get(
    "/v1/jobs/:jobId",
    {
      config: { access: { public: true } },
      schema: {
        tags: ["jobs"],
        summary: "A job: any open, closed or filled public job; the client's own in any state",
        params: jobParams,
        response: { 200: jobSchema, 400: problemSchema, 404: problemSchema },
      },
    },
    async (request) => readJob(app.prisma, request.params.jobId, userOf(request)?.userId),
  );

  app.patch(
    "/v1/jobs/:jobId",
    {
      config: { access: clients },
      schema: {
        tags: ["jobs"],
        summary: "Edit a draft or open job (the job's client); workspace terms merge onto the current ones",
        security: bearer,
        params: jobParams,
        body: updateJobBody,
        response: { 200: jobSchema, ...ownerErrors, 409: problemSchema },
      },
    },
    async (request) => updateJob(app.prisma, request.params.jobId, callerId(request), request.body),
  );

  actionRoutes(app);

  app.get(
    "/v1/me/jobs",
    {
      config: { access: clients },
      schema: {
        tags: ["jobs"],
        summary: "The signed-in client's jobs in any state, newest first",
        security: bearer,
        querystring: ownJobsQuery,
        response: { 200: jobPageSchema, 400: problemSchema, 401: problemSchema, 403: problemSchema },
      },
    },
    async (request) =>
      listOwnJobs(app.prisma, callerId(request), {
        state: request.query.state,
        cursor: request.query.cursor,
        limit: request.query.limit ?? 20,
      }),
  );
  return Promise.resolve();
}
