import type { Problem } from "../../api/problem";
import { textOf } from "../../lib/form-fields";
import type { FormValues } from "./form-values";
import { amountMinorOf, amountTextOf } from "./money-input";
import type { MilestoneInput } from "./types";

/** One milestone row as the form holds it: text, in the currency's units, a due date as YYYY-MM-DD. */
export type MilestoneRow = { title: string; amount: string; due: string };

type Fields = Problem["fields"];

// Named as the API names them, so its field problems (milestones.2.dueAt) find the right input.
export const rowName = (i: number, part: "title" | "amount" | "dueAt"): string => `milestones.${i}.${part}`;

/** The row indexes present in a form, in order (the rows are named milestones.<i>.title and so on). */
function rowIndexes(names: Iterable<string>): number[] {
  const indexes = new Set<number>();
  for (const name of names) {
    const match = /^milestones\.(\d+)\.title$/.exec(name);
    if (match) indexes.add(Number(match[1]));
  }
  return [...indexes].sort((a, b) => a - b);
}

/** A date field's value as the end of that day in UTC, null when empty, undefined when not a date. */
export function dueAtOf(date: string): string | null | undefined {
  const text = date.trim();
  if (text === "") return null;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return undefined;
  const at = new Date(`${text}T23:59:59.000Z`);
  return Number.isNaN(at.getTime()) || at.toISOString().slice(0, 10) !== text ? undefined : at.toISOString();
}

function rowOf(form: FormData, i: number): MilestoneRow {
  return {
    title: textOf(form, rowName(i, "title")),
    amount: textOf(form, rowName(i, "amount")),
    due: textOf(form, rowName(i, "dueAt")),
  };
}

function parseRow(
  row: MilestoneRow,
  i: number,
  currency: string,
): { milestone: MilestoneInput; fields: Fields } {
  const fields: Fields = [];
  const title = row.title.trim();
  if (title === "") fields.push({ field: rowName(i, "title"), message: "is required" });
  const amountMinor = amountMinorOf(row.amount, currency);
  if (amountMinor === undefined || amountMinor < 1)
    fields.push({ field: rowName(i, "amount"), message: `must be an amount in ${currency}, e.g. 1250.00` });
  const dueAt = dueAtOf(row.due);
  if (dueAt === undefined) fields.push({ field: rowName(i, "dueAt"), message: "must be a date" });
  return {
    milestone: { title, amount: { amountMinor: amountMinor ?? 0, currency }, dueAt: dueAt ?? null },
    fields,
  };
}

/**
 * The milestones a form sent, in minor units of `currency`, with the fields that are not right. Rows keep
 * their position, so a problem the API names (milestones.2.dueAt) lands on the row the person sees.
 */
export function milestonesFromForm(
  form: FormData,
  currency: string,
): { milestones: MilestoneInput[]; fields: Fields } {
  const parsed = rowIndexes(form.keys()).map((index, i) => parseRow(rowOf(form, index), i, currency));
  return { milestones: parsed.map((p) => p.milestone), fields: parsed.flatMap((p) => p.fields) };
}

/** The rows a form starts with: submitted ones after a refusal, else the given milestones. */
export function milestoneRowsOf(values: FormValues | undefined, initial: MilestoneRow[]): MilestoneRow[] {
  if (!values) return initial;
  return rowIndexes(Object.keys(values)).map((i) => ({
    title: values[rowName(i, "title")]?.[0] ?? "",
    amount: values[rowName(i, "amount")]?.[0] ?? "",
    due: values[rowName(i, "dueAt")]?.[0] ?? "",
  }));
}

/** Milestones from the API (a proposal's, an offer's) as rows to edit. */
export function rowsFromMilestones(
  milestones: { title: string; amount: { amountMinor: number; currency: string }; dueAt: string | null }[],
): MilestoneRow[] {
  return milestones.map((m) => ({
    title: m.title,
    amount: amountTextOf(m.amount),
    due: m.dueAt ? m.dueAt.slice(0, 10) : "",
  }));
}

/** The rows' total in minor units, counting only the amounts that parse (for the running total). */
export function rowsTotalMinor(rows: MilestoneRow[], currency: string): number {
  return rows.reduce((sum, row) => sum + (amountMinorOf(row.amount, currency) ?? 0), 0);
}
