"use server";
import { refresh } from "next/cache";
import { problemOf, type Problem } from "../../../../api/problem";
import { fieldsProblem } from "../../../../components/marketplace/form-values";
import type { FormState } from "../../../../components/ui";
import { textOf } from "../../../../lib/form-fields";
import { actionStateOf, api } from "../../../../server/api";
import { passwordChangedText, totpCodeOf } from "./security-words";

export type EnrolmentState = { secret?: string; otpauthUri?: string; problem?: Problem };
export type RecoveryState = { recoveryCodes?: string[]; problem?: Problem };

const notACode = (): Problem =>
  fieldsProblem([{ field: "code", message: "must be the 6 digits your app shows" }]);

/** A refused code also shows under the code's field. */
function codeProblem(error: unknown, status: number): Problem {
  const problem = problemOf(error, status);
  if (problem.code !== "SKP_MFA_INVALID") return problem;
  return {
    ...problem,
    message: "That code did not work. Check that your device's clock is right and try the next code.",
    fields: [{ field: "code", message: "is not the code your app shows now" }],
  };
}

export async function changePassword(_: FormState, form: FormData): Promise<FormState> {
  const newPassword = textOf(form, "newPassword");
  if (newPassword !== textOf(form, "confirmPassword"))
    return {
      problem: fieldsProblem([{ field: "confirmPassword", message: "does not match the new password" }]),
    };
  const result = await (
    await api()
  ).POST("/v1/me/password", { body: { currentPassword: textOf(form, "currentPassword"), newPassword } });
  if (!result.data) return actionStateOf(result, "");
  return { ok: passwordChangedText(result.data.otherSignInsEnded) };
}

/** A new key for the authenticator app; two-step sign-in is not required until a code from it is confirmed. */
export async function startMfaEnrolment(): Promise<EnrolmentState> {
  const result = await (await api()).POST("/v1/auth/mfa/enroll");
  if (!result.data) return { problem: problemOf(result.error, result.response.status) };
  return { secret: result.data.secret, otpauthUri: result.data.otpauthUri };
}

export async function confirmMfaEnrolment(_: RecoveryState, form: FormData): Promise<RecoveryState> {
  const code = totpCodeOf(textOf(form, "code"));
  if (!code) return { problem: notACode() };
  const result = await (await api()).POST("/v1/auth/mfa/verify", { body: { code } });
  if (!result.data) return { problem: codeProblem(result.error, result.response.status) };
  return { recoveryCodes: result.data.recoveryCodes };
}

export async function turnOffMfa(_: FormState, form: FormData): Promise<FormState> {
  const code = totpCodeOf(textOf(form, "code"));
  if (!code) return { problem: notACode() };
  const result = await (await api()).POST("/v1/auth/mfa/disable", { body: { code } });
  if (!result.response.ok) return { problem: codeProblem(result.error, result.response.status) };
  refresh();
  return { ok: "Two-step sign-in is off: your password alone signs you in." };
}
