"use server";
import { redirect } from "next/navigation";
import type { FormState } from "../../../components/ui";
import { textOf } from "../../../lib/form-fields";
import { minorUnitsOf } from "../../../lib/money";
import { actionStateOf, api } from "../../../server/api";
import { fractionDigitsOf } from "./wallet-words";

type Amount = { amountMinor: number; currency: string };

type Move = "deposit" | "withdrawal";

function amountOf(form: FormData, move: Move): Amount | FormState {
  const currency = textOf(form, `${move}Currency`);
  if (!/^[A-Z]{3}$/.test(currency)) return fieldProblem(`${move}Currency`, "must be a currency such as EUR");
  const amountMinor = minorUnitsOf(textOf(form, `${move}Amount`), fractionDigitsOf(currency));
  if (amountMinor === undefined || amountMinor <= 0)
    return fieldProblem(`${move}Amount`, "must be an amount such as 250 or 1,250.50");
  return { amountMinor, currency };
}

function fieldProblem(field: string, message: string): FormState {
  return {
    problem: {
      status: 400,
      code: "SKP_VALIDATION_FAILED",
      message: "Some fields need another look.",
      fields: [{ field, message }],
    },
  };
}

// The API's field names are amount.amountMinor / amount.currency; the form's are <move>Amount / <move>Currency.
function formProblem(state: FormState, move: Move): FormState {
  if (!state.problem) return state;
  const fieldOf = (field: string): string => {
    if (field === "amount.currency") return `${move}Currency`;
    return field.startsWith("amount") ? `${move}Amount` : field;
  };
  const fields = state.problem.fields.map((f) => ({ ...f, field: fieldOf(f.field) }));
  return { problem: { ...state.problem, fields } };
}

const keyOf = (form: FormData): string => textOf(form, "idempotencyKey") || crypto.randomUUID();

/** Adds money to the wallet through the payment provider; the page then follows the deposit until it settles. */
export async function deposit(_: FormState, form: FormData): Promise<FormState> {
  const amount = amountOf(form, "deposit");
  if (!("amountMinor" in amount)) return amount;
  const result = await (
    await api()
  ).POST("/v1/wallet/deposits", {
    params: { header: { "idempotency-key": keyOf(form) } },
    body: { amount, paymentMethod: "sandbox" },
  });
  if (!result.data) return formProblem(actionStateOf(result, ""), "deposit");
  redirect(`/wallet?deposit=${encodeURIComponent(result.data.id)}`);
}

/** Pays payable funds out; the page then follows the withdrawal until it settles. */
export async function withdraw(_: FormState, form: FormData): Promise<FormState> {
  const amount = amountOf(form, "withdrawal");
  if (!("amountMinor" in amount)) return amount;
  const result = await (
    await api()
  ).POST("/v1/wallet/withdrawals", {
    params: { header: { "idempotency-key": keyOf(form) } },
    body: { amount },
  });
  if (!result.data) return formProblem(actionStateOf(result, ""), "withdrawal");
  redirect(`/wallet?withdrawal=${encodeURIComponent(result.data.id)}`);
}
