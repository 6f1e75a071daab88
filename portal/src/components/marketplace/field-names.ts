import type { Problem } from "../../api/problem";

// The API names a refused field by its path (milestones.2.dueAt); the notice above a form names it as the
// form's label does. The path itself stays on the field, where it finds its input.

const names: Record<string, string> = {
  title: "Title",
  description: "Description",
  category: "Category",
  duration: "Expected duration",
  billing: "Pricing",
  visibility: "Visibility",
  skills: "Skills",
  "budget.minMinor": "Budget from",
  "budget.maxMinor": "Budget to",
  "budget.currency": "Currency",
  bid: "Your bid",
  coverLetter: "Cover letter",
  milestones: "Milestones",
  hourlyRate: "Hourly rate",
  weeklyLimitMinutes: "Weekly limit",
  message: "Message",
  expiresInSeconds: "How long the offer stays open",
  reason: "Reason",
  name: "Name",
  "workspaceTerms.className": "Desktop class",
  "workspaceTerms.clipboard": "Clipboard",
  "workspaceTerms.fileTransfer": "File transfer",
  "workspaceTerms.supervision.recording": "Recording",
  "workspaceTerms.supervision.viewersAllowed": "Watching",
  "workspaceTerms.egress.allow": "Network access",
};

const milestoneParts: Record<string, string> = { title: "title", amount: "amount", dueAt: "due date" };

/** A field path as the person reads it: "milestones.1.amount.currency" → "Milestone 2 amount". */
export function fieldNameOf(path: string): string {
  const milestone = /^milestones\.(\d+)\.(title|amount|dueAt)/.exec(path);
  if (milestone) return `Milestone ${Number(milestone[1]) + 1} ${milestoneParts[milestone[2]!]}`;
  const egress = /^workspaceTerms\.egress\.allow\.(\d+)$/.exec(path);
  if (egress) return `Network access, line ${Number(egress[1]) + 1}`;
  const known = Object.keys(names)
    .filter((name) => path === name || path.startsWith(`${name}.`))
    .sort((a, b) => b.length - a.length)[0];
  return known ? names[known]! : path;
}

/** The problem as the notice shows it: every field under its label's name. */
export function problemInWords(problem: Problem): Problem {
  return { ...problem, fields: problem.fields.map((f) => ({ ...f, field: fieldNameOf(f.field) })) };
}
