import type { Problem } from "../../api/problem";
import { textOf } from "../../lib/form-fields";
import type { WorkspaceTerms, WorkspaceTermsInput } from "./types";

export const termsField = {
  className: "workspaceTerms.className",
  viewersAllowed: "workspaceTerms.supervision.viewersAllowed",
  recording: "workspaceTerms.supervision.recording",
  clipboard: "workspaceTerms.clipboard",
  fileTransfer: "workspaceTerms.fileTransfer",
  egress: "workspaceTerms.egress.allow",
} as const;

const egressPattern = /^(\d{1,3}\.){3}\d{1,3}\/\d{1,2}:\d{1,5}$/;

function oneOf<const T extends string>(value: string, allowed: readonly T[], fallback: NoInfer<T>): T {
  return (allowed as readonly string[]).includes(value) ? (value as T) : fallback;
}

/** The egress lines typed (one per line or comma-separated), and which of them are not CIDR:port. */
export function egressOf(text: string): { allow: string[]; fields: Problem["fields"] } {
  const allow = text
    .split(/[\n,]/)
    .map((line) => line.trim())
    .filter(Boolean);
  const fields = allow.flatMap((entry, i) =>
    egressPattern.test(entry)
      ? []
      : [{ field: `${termsField.egress}.${i}`, message: `"${entry}" must look like 10.0.0.0/8:443` }],
  );
  return { allow, fields };
}

/** The workspace terms a form sent, whole (the API merges them onto the job's), and the lines it refused. */
export function workspaceTermsFromForm(form: FormData): {
  terms: WorkspaceTermsInput;
  fields: Problem["fields"];
} {
  const egress = egressOf(textOf(form, termsField.egress));
  const className = textOf(form, termsField.className).trim();
  const terms: WorkspaceTermsInput = {
    ...(className ? { className } : {}),
    egress: { allow: egress.allow },
    supervision: {
      viewersAllowed: form.get(termsField.viewersAllowed) === "on",
      recording: oneOf(textOf(form, termsField.recording), ["Disabled", "WithConsent"], "Disabled"),
    },
    clipboard: oneOf(textOf(form, termsField.clipboard), ["Both", "ToWorkspace", "Disabled"], "Both"),
    fileTransfer: oneOf(textOf(form, termsField.fileTransfer), ["Both", "Disabled"], "Both"),
  };
  return { terms, fields: egress.fields };
}

export const defaultTerms: WorkspaceTerms = {
  className: "standard-desktop",
  egress: { allow: [] },
  supervision: { viewersAllowed: true, recording: "Disabled" },
  clipboard: "Both",
  fileTransfer: "Both",
};
