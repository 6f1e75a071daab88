import type { FastifyInstance, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import type { PrincipalResolver, RouteAccess } from "../../access.js";
import { forbidden, unauthenticated } from "../../errors/index.js";

declare module "fastify" {
  interface FastifyInstance {
    /** Set by the auth plugin: reads the request's credentials, or answers undefined when there are none. */
    resolvePrincipal: PrincipalResolver;
  }
}

// Routes the documentation plugin adds itself.
const documentation = /^\/docs(\/|$)/;

function check(access: RouteAccess, request: FastifyRequest): void {
  if ("public" in access) return;
  const principal = request.principal;
  if (!principal) throw unauthenticated();
  if ("internal" in access) {
    if (principal.kind !== "service") throw forbidden("This endpoint is for platform services");
    return;
  }
  if (principal.kind !== "user") throw forbidden();
  if (access.roles !== "any" && !principal.roles.some((r) => access.roles.includes(r))) throw forbidden();
}

/**
 * The one authorization gate every route goes through: routes must declare `config.access` (checked when
 * routes are added, so a forgotten one fails the start, not a request), the caller's principal is resolved
 * once, and role checks happen before any handler runs. Per-object checks live with each resource.
 */
async function accessPlugin(app: FastifyInstance): Promise<void> {
  app.decorateRequest("principal", undefined);
  app.addHook("onRoute", (route) => {
    if (documentation.test(route.url)) {
      route.config = { ...route.config, access: { public: true } };
      return;
    }
    if (!route.config?.access)
      throw new Error(`Route ${String(route.method)} ${route.url} declares no config.access`);
  });
  app.addHook("onRequest", async (request) => {
    const access = request.routeOptions.config.access;
    if (!access) return; // unmatched routes end in the 404 handler
    // A stale token must not break public routes: a client refreshing because its access token expired
    // usually still sends that token.
    request.principal =
      "public" in access
        ? await app.resolvePrincipal(request).catch(() => undefined)
        : await app.resolvePrincipal(request);
    check(access, request);
  });
  return Promise.resolve();
}

export const access = fp(accessPlugin, { name: "access", dependencies: ["auth"] });
