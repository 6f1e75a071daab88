// The caller's SkillPods ("workspaces" in the API): the list with live status, one, start and stop. Start and
// stop record their own audit events (the target is namespace/name; refusals say why).
import type { FastifyRequest } from "fastify";
import {
  myWorkspaces,
  setWorkspaceState,
  workspaceAccess,
  workspaceNotFound,
  workspaceView,
  isFrozen,
  type AuditTrail,
  type WantedState,
  type WorkspaceDeps,
} from "../../workspaces/index.js";
import { limitOf } from "./proposal-schemas.js";
import { type TypedApp, bearer, callerId, errors, signedIn } from "./typed-app.js";
import {
  workspaceListQuery,
  workspacePageSchema,
  workspaceParams,
  workspaceSchema,
} from "./workspaces-schemas.js";

const tags = ["workspaces"];

export const workspaceDeps = (app: TypedApp): WorkspaceDeps => ({ pg: app.pg, custom: app.kube.custom });

export function auditTrailOf(app: TypedApp, request: FastifyRequest): AuditTrail {
  return {
    append: async (event) => app.audit.append(event),
    userId: callerId(request),
    requestId: String(request.id),
    ip: request.ip,
  };
}

const stateChanges: { path: string; wanted: WantedState; summary: string }[] = [
  {
    path: "start",
    wanted: "Running",
    summary: "Start a stopped workspace (its owner): 202, the operator brings its desktop up",
  },
  {
    path: "stop",
    wanted: "Stopped",
    summary: "Stop a workspace (its owner): 202, its desktop goes, its home volume stays",
  },
];

function stateRoutes(app: TypedApp): void {
  for (const change of stateChanges)
    app.post(
      `/v1/workspaces/:namespace/:name/${change.path}`,
      {
        config: { access: signedIn, audit: false },
        schema: {
          tags,
          summary: change.summary,
          description:
            "409 SKP_WORKSPACE_FROZEN while a dispute on its milestone holds it; 409 " +
            "SKP_WORKSPACE_CONTRACT_ENDED to start one whose contract has ended; a watcher gets 403, anyone " +
            "else the 404 of a missing workspace.",
          security: bearer,
          params: workspaceParams,
          response: { 202: workspaceSchema, ...errors(400, 401, 403, 404, 409, 503) },
        },
      },
      async (request, reply) => {
        const view = await setWorkspaceState(
          workspaceDeps(app),
          auditTrailOf(app, request),
          request.params,
          change.wanted,
        );
        const { namespace, name } = request.params;
        request.log.info(
          { namespace, name, state: change.wanted },
          `Set SkillPod ${namespace}/${name} to ${change.wanted}`,
        );
        return reply.code(202).send(view);
      },
    );
}

export async function workspacesRoutes(app: TypedApp): Promise<void> {
  app.get(
    "/v1/workspaces",
    {
      config: { access: signedIn },
      schema: {
        tags,
        summary: "The workspaces the caller owns or may watch, with their live status, by namespace and name",
        security: bearer,
        querystring: workspaceListQuery,
        response: { 200: workspacePageSchema, ...errors(400, 401, 403, 422, 503) },
      },
    },
    async (request) =>
      myWorkspaces(workspaceDeps(app), callerId(request), {
        ...(request.query.cursor === undefined ? {} : { cursor: request.query.cursor }),
        limit: limitOf(request.query.limit, 100),
      }),
  );

  app.get(
    "/v1/workspaces/:namespace/:name",
    {
      config: { access: signedIn },
      schema: {
        tags,
        summary: "One workspace the caller owns or may watch, with its live status and the caller's mode",
        security: bearer,
        params: workspaceParams,
        response: { 200: workspaceSchema, ...errors(400, 401, 403, 404, 503) },
      },
    },
    async (request) => {
      const access = await workspaceAccess(workspaceDeps(app), callerId(request), request.params);
      if (access === undefined) throw workspaceNotFound();
      return workspaceView(access.skillPod, access.mode, await isFrozen(app.pg, access.skillPod));
    },
  );

  stateRoutes(app);
  return Promise.resolve();
}
