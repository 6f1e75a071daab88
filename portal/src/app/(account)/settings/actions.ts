"use server";
import { refresh } from "next/cache";
import { fieldsProblem, refused, type StickyState } from "../../../components/marketplace/form-values";
import { amountMinorOf } from "../../../components/marketplace/money-input";
import { textOf } from "../../../lib/form-fields";
import { actionStateOf, api } from "../../../server/api";
import { linksOf, skillsOf } from "./profile-input";

type Availability = "FULL_TIME" | "PART_TIME" | "NOT_AVAILABLE";
const availabilities: Availability[] = ["FULL_TIME", "PART_TIME", "NOT_AVAILABLE"];

type Result = Parameters<typeof actionStateOf>[0];

/**
 * The API's answer as the form's state: a refused form keeps what was typed (with the API's field names
 * turned into the form's, `fields`); a saved one reads the page again.
 */
function settled(
  state: StickyState,
  form: FormData,
  outcome: { result: Result; ok: string },
  fields: Record<string, string> = {},
): StickyState {
  const answer = actionStateOf(outcome.result, outcome.ok);
  if (!answer.problem) {
    refresh();
    return { ok: outcome.ok };
  }
  const named = answer.problem.fields.map((f) => ({ ...f, field: fields[f.field] ?? f.field }));
  return refused(state, form, { ...answer.problem, fields: named });
}

export async function renameAccount(state: StickyState, form: FormData): Promise<StickyState> {
  const result = await (await api()).PATCH("/v1/me", { body: { displayName: textOf(form, "displayName") } });
  return settled(state, form, { result, ok: "Display name saved." });
}

function hourlyRateOf(form: FormData): { amountMinor: number; currency: string } | null | "bad" {
  const amount = textOf(form, "hourlyRate").trim();
  if (!amount) return null;
  const currency = textOf(form, "currency") || "USD";
  const amountMinor = amountMinorOf(amount, currency);
  return amountMinor === undefined ? "bad" : { amountMinor, currency };
}

export async function saveFreelancerProfile(state: StickyState, form: FormData): Promise<StickyState> {
  const skills = skillsOf(textOf(form, "skills"));
  const links = linksOf(textOf(form, "portfolioLinks"));
  const hourlyRate = hourlyRateOf(form);
  const problems = [
    ...(skills.bad ? [{ field: "skills", message: `cannot be read at "${skills.bad.slice(0, 60)}"` }] : []),
    ...(links.bad ? [{ field: "portfolioLinks", message: "must each start with https://" }] : []),
    ...(hourlyRate === "bad" ? [{ field: "hourlyRate", message: "is not an amount" }] : []),
  ];
  if (problems.length > 0 || hourlyRate === "bad") return refused(state, form, fieldsProblem(problems));
  const availability = textOf(form, "availability") as Availability;
  const timezone = textOf(form, "timezone").trim();
  const result = await (
    await api()
  ).PUT("/v1/me/freelancer-profile", {
    body: {
      handle: textOf(form, "handle").trim().toLowerCase(),
      headline: textOf(form, "headline").trim(),
      bio: textOf(form, "bio").trim(),
      skills: skills.skills,
      hourlyRate,
      ...(availabilities.includes(availability) ? { availability } : {}),
      ...(timezone ? { timezone } : {}),
      portfolioLinks: links.links,
    },
  });
  return settled(state, form, { result, ok: "Freelancer profile saved." });
}

export async function saveClientProfile(state: StickyState, form: FormData): Promise<StickyState> {
  const country = textOf(form, "country").trim().toUpperCase();
  if (!/^([A-Z]{2})?$/.test(country))
    return refused(
      state,
      form,
      fieldsProblem([{ field: "country", message: "must be two letters, e.g. DE" }]),
    );
  const result = await (
    await api()
  ).PUT("/v1/me/client-profile", {
    body: {
      displayName: textOf(form, "clientName").trim(),
      company: textOf(form, "company").trim(),
      country,
    },
  });
  return settled(state, form, { result, ok: "Client profile saved." }, { displayName: "clientName" });
}
