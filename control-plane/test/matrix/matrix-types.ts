// The authorization matrix's vocabulary, shared by the main table (authorization-matrix.test.ts) and the
// per-capability tables beside this file (one file per capability, so capabilities add rows without
// touching each other). See the FORMAT comment at the top of authorization-matrix.test.ts.
import type { FastifyInstance, InjectOptions } from "fastify";
import type { Role } from "../../src/access.js";
import type { SignedIn } from "../callers.js";

export const callers = ["anonymous", "freelancer", "client", "admin", "auditor", "service"] as const;
export type Caller = (typeof callers)[number];
/** 409: allowed through every access check, then refused by the contract's state (see matrix/contracts.ts). */
export type Outcome = "ok" | "redirect" | 401 | 403 | 404 | 409;

export type MatrixContext = {
  app: FastifyInstance;
  users: Record<Role, SignedIn>;
  /** A new signed-in account with `role`, for requests that use up the caller's state (MFA enrolment). */
  fresh(role: Role): Promise<SignedIn>;
};

export type Call = {
  caller: Caller | "stranger";
  /** The caller's own session; undefined for anonymous and service callers. */
  user: SignedIn | undefined;
  params: Record<string, string>;
  ctx: MatrixContext;
};

/** `headers.authorization`, when set, replaces the caller's credentials (see the MFA routes). */
export type RequestOf = (call: Call) => InjectOptions | Promise<InjectOptions>;

export type Entry = {
  request: RequestOf;
  expect: Record<Caller, Outcome>;
  object?: {
    create: (ctx: MatrixContext) => Promise<Record<string, string>>;
    stranger: { role: Role; expect: Outcome };
  };
};

export const everyone: Record<Caller, Outcome> = {
  anonymous: "ok",
  freelancer: "ok",
  client: "ok",
  admin: "ok",
  auditor: "ok",
  service: "ok",
};
export const anyUser: Record<Caller, Outcome> = { ...everyone, anonymous: 401, service: 403 };
export const auditors: Record<Caller, Outcome> = { ...anyUser, freelancer: 403, client: 403 };
export const servicesOnly: Record<Caller, Outcome> = {
  anonymous: 401,
  freelancer: 403,
  client: 403,
  admin: 403,
  auditor: 403,
  service: "ok",
};

export const get =
  (url: string): RequestOf =>
  () => ({ method: "GET", url });
