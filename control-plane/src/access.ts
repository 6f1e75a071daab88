import type { FastifyRequest } from "fastify";

export const roles = ["freelancer", "client", "admin", "auditor"] as const;
export type Role = (typeof roles)[number];

/**
 * Who is calling: a signed-in user, or a platform process (workflows, operator) with the internal token. A
 * user's `signInId` names the sign-in (refresh-token family) the access token belongs to, when it says.
 */
export type Principal =
  | { kind: "user"; userId: string; email: string; roles: Role[]; signInId?: string }
  | { kind: "service"; name: string };

/**
 * Every route declares who may call it; the access plugin refuses to start an app with a route that does not.
 * `public`: anyone; `roles`: a signed-in user with one of them ("any" for every role); `internal`: services.
 */
export type RouteAccess = { public: true } | { roles: readonly Role[] | "any" } | { internal: true };

export type PrincipalResolver = (request: FastifyRequest) => Promise<Principal | undefined>;

declare module "fastify" {
  interface FastifyRequest {
    principal?: Principal;
  }
  interface FastifyContextConfig {
    access?: RouteAccess;
  }
}

export function userOf(request: FastifyRequest): Extract<Principal, { kind: "user" }> | undefined {
  return request.principal?.kind === "user" ? request.principal : undefined;
}

export function hasRole(request: FastifyRequest, role: Role): boolean {
  return userOf(request)?.roles.includes(role) ?? false;
}
