/** An API error as the portal shows it: a sentence a person understands and, for bad input, which field. */
export type Problem = {
  status: number;
  code: string;
  message: string;
  fields: { field: string; message: string }[];
};

type ProblemBody = {
  code?: unknown;
  detail?: unknown;
  title?: unknown;
  errors?: { field: string; message: string }[];
  retryAfter?: unknown;
};

// Codes whose API detail is written for developers; the rest read well as they are.
const wording: Record<string, string> = {
  SKP_UNAUTHENTICATED: "Your sign-in has ended. Sign in again to continue.",
  SKP_FORBIDDEN: "Your account is not allowed to do this.",
  SKP_NOT_FOUND: "We could not find that. It may have been removed, or it is not yours to see.",
  SKP_VALIDATION_FAILED: "Some fields need another look.",
  SKP_RATE_LIMITED: "Too many attempts. Wait a minute and try again.",
  SKP_INVALID_CREDENTIALS: "That email and password do not match an account.",
  SKP_MFA_REQUIRED: "Enter the 6-digit code from your authenticator app.",
  SKP_INTERNAL: "Something went wrong on our side. Try again in a moment.",
};

const fieldWording: [RegExp, string][] = [
  [/^must have required property.*$/, "is required"],
  [/must NOT have fewer than (\d+) characters/, "is too short (at least $1 characters)"],
  [/must NOT have more than (\d+) characters/, "is too long (at most $1 characters)"],
  [/must match format "email"/, "must be an email address"],
  [/must be >= (\S+)/, "must be at least $1"],
  [/must be <= (\S+)/, "must be at most $1"],
];

export function fieldMessage(message: string): string {
  for (const [pattern, words] of fieldWording)
    if (pattern.test(message)) return message.replace(pattern, words);
  return message;
}

function uniqueFields(errors: ProblemBody["errors"]): Problem["fields"] {
  const seen = new Set<string>();
  return (errors ?? [])
    .filter((e) => !seen.has(e.field) && seen.add(e.field))
    .map((e) => ({ field: e.field, message: fieldMessage(e.message) }));
}

export function problemOf(body: unknown, status: number): Problem {
  const p = (body && typeof body === "object" ? body : {}) as ProblemBody;
  const code = typeof p.code === "string" ? p.code : `HTTP_${status}`;
  const detail = typeof p.detail === "string" && status < 500 ? p.detail : undefined;
  const message =
    wording[code] ?? detail ?? (status >= 500 ? wording.SKP_INTERNAL! : `The request failed (${status}).`);
  return { status, code, message, fields: uniqueFields(p.errors) };
}

/** Thrown by server components; error.tsx receives only its digest in production, so the message is kept short. */
export class ApiProblem extends Error {
  constructor(readonly problem: Problem) {
    super(problem.message);
    this.name = "ApiProblem";
  }
}
