import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyReply,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from "fastify";
import { createHash } from "node:crypto";
import { Type } from "typebox";
import { userOf } from "../../access.js";
import { accountContext, type AccountContext } from "../../accounts/account-context.js";
import { refreshInvalid, withRetryAfter } from "../../accounts/account-errors.js";
import { normaliseEmail } from "../../accounts/email-address.js";
import { login } from "../../accounts/login.js";
import { confirmMfa, disableMfa, enrollMfa } from "../../accounts/mfa.js";
import { profileOf } from "../../accounts/profile.js";
import { refreshCookieName, refreshCookiePath } from "../../accounts/refresh-tokens.js";
import { register } from "../../accounts/registration.js";
import { signInIpCap, type SignInIpCap } from "../../accounts/sign-in-ip-cap.js";
import { endSignIn, refreshSignIn, type SignIn } from "../../accounts/sign-ins.js";
import type { ControlPlaneConfig } from "../../config.js";
import { SkpError, unauthenticated } from "../../errors/index.js";
import { problemSchema } from "../../errors/problem-schema.js";
import {
  loginBody,
  mfaDisableBody,
  mfaEnrolmentSchema,
  mfaVerifyBody,
  profileSchema,
  recoveryCodesSchema,
  registerBody,
  tokenSchema,
} from "./account-schemas.js";

type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

const publicAccess = { public: true as const };
const signedIn = { roles: "any" as const };
const bearer = [{ bearer: [] }];

type SignInCookies = {
  set(reply: FastifyReply, token: string): void;
  clear(reply: FastifyReply): void;
};

/** httpOnly (no script reads it), SameSite=Strict (no cross-site request carries it), auth paths only. */
function signInCookies(config: ControlPlaneConfig): SignInCookies {
  const options = {
    path: refreshCookiePath,
    httpOnly: true,
    secure: config.COOKIE_SECURE,
    sameSite: "strict" as const,
  };
  return {
    set: (reply, token) =>
      void reply.setCookie(refreshCookieName, token, {
        ...options,
        maxAge: config.REFRESH_TOKEN_TTL_SECONDS,
      }),
    clear: (reply) => void reply.clearCookie(refreshCookieName, options),
  };
}

/** Per IP and account: one address cannot hammer one account, and one account's noise does not block others. */
function loginRateKey(request: FastifyRequest): string {
  const body = request.body as { email?: unknown } | undefined;
  const email = typeof body?.email === "string" ? normaliseEmail(body.email) : "";
  // Hashed: addresses are personal data and do not belong in Redis key names.
  return `login:${request.ip}:${createHash("sha256").update(email).digest("hex").slice(0, 32)}`;
}

function tokensOf(signIn: Pick<SignIn, "accessToken" | "expiresIn">): {
  accessToken: string;
  tokenType: "Bearer";
  expiresIn: number;
} {
  return { accessToken: signIn.accessToken, tokenType: "Bearer", expiresIn: signIn.expiresIn };
}

function signedInUserId(request: FastifyRequest): string {
  const user = userOf(request);
  if (!user) throw unauthenticated();
  return user.userId;
}

function registrationRoutes(app: App, ctx: AccountContext, ipCap: SignInIpCap): void {
  app.post(
    "/v1/auth/register",
    {
      config: { access: publicAccess },
      preHandler: ipCap,
      schema: {
        tags: ["auth"],
        summary: "Create an account (freelancer or client roles follow from the account type)",
        body: registerBody,
        response: { 201: profileSchema, 400: problemSchema, 409: problemSchema },
      },
    },
    async (request, reply) => reply.code(201).send(profileOf(await register(ctx, request.body))),
  );
}

function signInRoutes(app: App, ctx: AccountContext, config: ControlPlaneConfig, ipCap: SignInIpCap): void {
  const cookies = signInCookies(config);
  app.post(
    "/v1/auth/login",
    {
      config: {
        access: publicAccess,
        rateLimit: {
          max: config.RATE_LIMIT_LOGIN_PER_MINUTE,
          timeWindow: 60_000,
          keyGenerator: loginRateKey,
        },
      },
      // Beside the per-account limit above: one address trying many accounts (credential stuffing).
      preHandler: ipCap,
      schema: {
        tags: ["auth"],
        summary: "Sign in; with MFA enabled, also send totp or recoveryCode",
        body: loginBody,
        response: {
          200: tokenSchema,
          400: problemSchema,
          401: problemSchema,
          423: problemSchema,
          429: problemSchema,
        },
      },
    },
    async (request, reply) => {
      const signIn = await withRetryAfter(reply, login(ctx, request.body));
      cookies.set(reply, signIn.refreshToken);
      return tokensOf(signIn);
    },
  );

  app.post(
    "/v1/auth/refresh",
    {
      config: { access: publicAccess },
      schema: {
        tags: ["auth"],
        summary: `Swap the ${refreshCookieName} cookie for a new access token and a new cookie`,
        response: { 200: tokenSchema, 401: problemSchema },
      },
    },
    async (request, reply) => {
      const token = request.cookies[refreshCookieName];
      const signIn = await (token ? refreshSignIn(ctx, token) : Promise.reject(refreshInvalid())).catch(
        (error: unknown) => {
          // A rejected cookie is useless: drop it so the client stops sending it. Not on a 5xx, which says
          // nothing about the token (a database outage must not sign everyone out).
          if (error instanceof SkpError && error.status === 401) cookies.clear(reply);
          throw error;
        },
      );
      cookies.set(reply, signIn.refreshToken);
      return tokensOf(signIn);
    },
  );

  app.post(
    "/v1/auth/logout",
    {
      config: { access: publicAccess },
      schema: {
        tags: ["auth"],
        summary: "Sign out: revoke this sign-in's refresh tokens and clear the cookie",
        response: { 204: Type.Null() },
      },
    },
    async (request, reply) => {
      const token = request.cookies[refreshCookieName];
      if (token) await endSignIn(ctx, token);
      cookies.clear(reply);
      return reply.code(204).send(null);
    },
  );
}

function mfaRoutes(app: App, ctx: AccountContext): void {
  app.post(
    "/v1/auth/mfa/enroll",
    {
      config: { access: signedIn },
      schema: {
        tags: ["auth"],
        summary: "Start TOTP enrolment: a new secret, not required at sign-in until verified",
        security: bearer,
        response: { 200: mfaEnrolmentSchema, 401: problemSchema, 409: problemSchema },
      },
    },
    async (request) => enrollMfa(ctx, signedInUserId(request)),
  );

  app.post(
    "/v1/auth/mfa/verify",
    {
      config: { access: signedIn },
      schema: {
        tags: ["auth"],
        summary: "Confirm enrolment with a current code: enables MFA and returns recovery codes",
        security: bearer,
        body: mfaVerifyBody,
        response: {
          200: recoveryCodesSchema,
          400: problemSchema,
          401: problemSchema,
          409: problemSchema,
          422: problemSchema,
        },
      },
    },
    async (request) => ({
      recoveryCodes: await confirmMfa(ctx, signedInUserId(request), request.body.code, new Date()),
    }),
  );

  app.post(
    "/v1/auth/mfa/disable",
    {
      config: { access: signedIn },
      schema: {
        tags: ["auth"],
        summary: "Turn MFA off with a current TOTP code: the secret and recovery codes are deleted",
        description:
          "422 SKP_MFA_INVALID for a wrong code, which counts towards the sign-in lockout (423 " +
          "SKP_ACCOUNT_LOCKED); 409 SKP_MFA_NOT_ENABLED when MFA is off.",
        security: bearer,
        body: mfaDisableBody,
        response: {
          204: Type.Null(),
          400: problemSchema,
          401: problemSchema,
          409: problemSchema,
          422: problemSchema,
          423: problemSchema,
        },
      },
    },
    async (request, reply) => {
      await withRetryAfter(reply, disableMfa(ctx, signedInUserId(request), request.body.code, new Date()));
      return reply.code(204).send(null);
    },
  );
}

/** Registration, sign-in with optional TOTP, refresh-token rotation, sign-out, MFA enrolment and its end. */
export async function authRoutes(app: FastifyInstance, config: ControlPlaneConfig): Promise<void> {
  const typed = app.withTypeProvider<TypeBoxTypeProvider>();
  const ctx = accountContext(
    { prisma: app.prisma, redis: app.redis, accessTokens: app.accessTokens },
    config,
  );
  const ipCap = signInIpCap(app.redis, config);
  registrationRoutes(typed, ctx, ipCap);
  signInRoutes(typed, ctx, config, ipCap);
  mfaRoutes(typed, ctx);
  return Promise.resolve();
}
