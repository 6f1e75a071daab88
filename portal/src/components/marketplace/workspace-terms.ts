import type { WorkspaceTerms } from "./types";

export type TermInWords = { term: string; text: string };

const clipboard: Record<WorkspaceTerms["clipboard"], string> = {
  Both: "Copy and paste work both ways, into and out of the desktop",
  ToWorkspace: "Paste into the desktop only; copy out of the desktop is off",
  Disabled: "Off in both directions",
};

const fileTransfer: Record<WorkspaceTerms["fileTransfer"], string> = {
  Both: "Files can be uploaded to and downloaded from the desktop",
  Disabled: "Off: no files go into or out of the desktop",
};

const recording: Record<WorkspaceTerms["supervision"]["recording"], string> = {
  Disabled: "Off: desktop sessions are not recorded",
  WithConsent: "Only with the freelancer's consent",
};

/** One egress entry ("10.0.0.0/8:443") as a person reads it. */
function destination(entry: string): string {
  const [cidr, port] = entry.split(":");
  return cidr === "0.0.0.0/0" ? `any address on port ${port}` : `${cidr} on port ${port}`;
}

function egressInWords(allow: string[]): string {
  if (allow.length === 0) return "None: the desktop reaches no outside address";
  const places = allow.map(destination).join(", ");
  return allow.every((e) => e.startsWith("0.0.0.0/0:")) ? `To ${places}` : `Only ${places}`;
}

/** What a job's (or an offer's) desktop allows, one plain sentence per term, in the order people ask. */
export function workspaceTermsInWords(terms: WorkspaceTerms): TermInWords[] {
  return [
    { term: "Desktop class", text: terms.className },
    {
      term: "Watching",
      text: terms.supervision.viewersAllowed
        ? "The client may watch the desktop live (watch-only)"
        : "Off: the client cannot watch the desktop",
    },
    { term: "Recording", text: recording[terms.supervision.recording] },
    { term: "Clipboard", text: clipboard[terms.clipboard] },
    { term: "File transfer", text: fileTransfer[terms.fileTransfer] },
    { term: "Network access", text: egressInWords(terms.egress.allow) },
  ];
}
