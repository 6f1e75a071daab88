// A desktop session's ticket: the browser opens the session gateway's WebSocket with it (it cannot send a
// bearer token there). The route records its own audit events: issued, or refused with the reason.
import type { ControlPlaneConfig } from "../../config.js";
import { traceIdOf } from "../../telemetry.js";
import { openDesktopSession } from "../../workspaces/index.js";
import { type TypedApp, bearer, errors, signedIn } from "./typed-app.js";
import { auditTrailOf } from "./workspaces.js";
import { desktopSessionBody, desktopSessionSchema, workspaceParams } from "./workspaces-schemas.js";

const description =
  "A single-use ticket (at most 30 s) bound to the caller, this workspace and the mode: `interactive` for " +
  "its owner, `watch` for a supervisor listed as its viewer who is a party of its active contract. Open " +
  "`url` (the session gateway, `?ticket=` included; or offer `ticket.<ticket>` as a WebSocket subprotocol). " +
  "Anyone else, and a watcher asking for `interactive`, gets the 404 of a missing workspace. 409 " +
  "SKP_WORKSPACE_NOT_RUNNING while it is not running, SKP_WORKSPACE_FROZEN while a dispute holds it.";

/** The gateway URL with the ticket in its query, keeping any query the configured URL has. */
export function desktopUrl(gatewayUrl: string, ticket: string): string {
  const url = new URL(gatewayUrl);
  url.searchParams.set("ticket", ticket);
  return url.toString();
}

export async function workspaceDesktopSessionsRoutes(
  app: TypedApp,
  config: ControlPlaneConfig,
): Promise<void> {
  app.post(
    "/v1/workspaces/:namespace/:name/desktop-sessions",
    {
      config: { access: signedIn, audit: false },
      schema: {
        tags: ["workspaces"],
        summary: "A single-use ticket that opens one desktop session on a workspace within seconds",
        description,
        security: bearer,
        params: workspaceParams,
        body: desktopSessionBody,
        response: { 201: desktopSessionSchema, ...errors(400, 401, 403, 404, 409, 415, 503) },
      },
      // The body is optional: a POST without one asks for the caller's own mode.
      preValidation: async (request) => {
        const raw = request as { body: unknown };
        raw.body ??= {};
        return Promise.resolve();
      },
    },
    async (request, reply) => {
      const traceId = traceIdOf();
      const opened = await openDesktopSession(
        {
          pg: app.pg,
          custom: app.kube.custom,
          redis: app.redis,
          ticketTtlSeconds: config.DESKTOP_TICKET_TTL_SECONDS,
        },
        auditTrailOf(app, request),
        {
          ref: request.params,
          ...(request.body?.mode === undefined ? {} : { asked: request.body.mode }),
          ...(traceId === undefined ? {} : { traceId }),
        },
      );
      const { namespace, name } = request.params;
      request.log.info(
        { namespace, name, mode: opened.mode, expiresAt: opened.expiresAt },
        `Issued a ${opened.mode} desktop-session ticket for SkillPod ${namespace}/${name}`,
      );
      return reply.code(201).send({ ...opened, url: desktopUrl(config.GATEWAY_PUBLIC_URL, opened.ticket) });
    },
  );
  return Promise.resolve();
}
