import { bandText } from "../../../components/marketplace/format";
import { availabilityLabel, billingLabel, categoryLabel } from "../../../components/marketplace/labels";
import { queryStringOf } from "../../../components/marketplace/search-params";
import type { SavedSearch } from "../../../components/marketplace/types";

type Query = Record<string, string | number | string[] | undefined>;

const postedLabels: Record<string, string> = {
  "1d": "last 24 hours",
  "3d": "last 3 days",
  "7d": "last 7 days",
  "30d": "last 30 days",
};

/** The search page a saved search opens: its query is the search page's own URL parameters. */
export function savedSearchHref(saved: Pick<SavedSearch, "kind" | "query">): string {
  const page = saved.kind === "FREELANCERS" ? "/freelancers" : "/jobs";
  return `${page}${queryStringOf(saved.query)}`;
}

const list = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : []);
const num = (value: unknown): number | undefined => (typeof value === "number" ? value : undefined);

function skillsPart(skills: string[]): string {
  if (skills.length === 0) return "";
  return skills.length === 1 ? `skill ${skills[0]}` : `${skills.length} skills`;
}

function rangePart(prefix: string, min: unknown, max: unknown, suffix = ""): string {
  if (min === undefined && max === undefined) return "";
  return `${prefix} ${bandText(num(min), num(max))}${suffix}`;
}

const historyWords: Record<string, string> = { hired: "clients who have hired", new: "new clients" };

function whenPart(q: Query): string[] {
  return [
    q.postedWithin ? `posted in the ${postedLabels[String(q.postedWithin)] ?? String(q.postedWithin)}` : "",
    historyWords[String(q.clientHistory)] ?? "",
  ];
}

/** What a saved search looks for, in a line: “figma” · Design · 2 skills · Fixed price. */
export function savedSearchSummary(saved: Pick<SavedSearch, "query">): string {
  const q = saved.query as Query;
  const parts = [
    q.q ? `“${String(q.q)}”` : "",
    ...list(q.category).map(categoryLabel),
    skillsPart(list(q.skills)),
    ...list(q.billing).map(billingLabel),
    ...list(q.availability).map(availabilityLabel),
    rangePart("budget", q.budgetMin, q.budgetMax),
    rangePart("rate", q.rateMin, q.rateMax, " an hour"),
    ...whenPart(q),
  ];
  return parts.filter(Boolean).join(" · ") || "Everything";
}
