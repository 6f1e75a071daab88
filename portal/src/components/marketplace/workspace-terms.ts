import type { WorkspaceTerms } from "./types";

export type TermInWords = { term: string; text: string };

const clipboard: Record<WorkspaceTerms["clipboard"], string> = {
  Both: "copy and paste work both ways, into and out of the desktop",
  ToWorkspace: "paste into the desktop only; copy out of the desktop is off",
  Disabled: "off in both directions",
};

const fileTransfer: Record<WorkspaceTerms["fileTransfer"], string> = {
  Both: "files can be uploaded to and downloaded from the desktop",
  Disabled: "off: no files go into or out of the desktop",
};

const recording: Record<WorkspaceTerms["supervision"]["recording"], string> = {
  Disabled: "off: desktop sessions are not recorded",
  WithConsent: "only with the freelancer's consent",
};

/** One egress entry ("10.0.0.0/8:443") as a person reads it. */
function destination(entry: string): string {
  const [cidr, port] = entry.split(":");
  return `${cidr} on port ${port}`;
}

function egressInWords(allow: string[]): string {
  if (allow.length === 0) return "none: the desktop reaches no outside address";
  return `only ${allow.map(destination).join(", ")}`;
}

/** What a job's (or an offer's) desktop allows, one plain sentence per term, in the order people ask. */
export function workspaceTermsInWords(terms: WorkspaceTerms): TermInWords[] {
  return [
    { term: "Desktop class", text: terms.className },
    {
      term: "Watching",
      text: terms.supervision.viewersAllowed
        ? "the client may watch the desktop live (watch-only)"
        : "off: the client cannot watch the desktop",
    },
    { term: "Recording", text: recording[terms.supervision.recording] },
    { term: "Clipboard", text: clipboard[terms.clipboard] },
    { term: "File transfer", text: fileTransfer[terms.fileTransfer] },
    { term: "Network access", text: egressInWords(terms.egress.allow) },
  ];
}
