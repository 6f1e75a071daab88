import type { ReactElement } from "react";
import { SelectField, TextAreaField, TextField } from "../ui";
import { CheckboxField } from "./checkbox-field";
import type { Sticky } from "./sticky-form";
import type { WorkspaceTerms } from "./types";
import { termsField } from "./workspace-terms-form";

/** The desktop's terms as form fields, starting from `terms` (the job's, or the defaults). */
export function WorkspaceTermsFields({
  sticky,
  terms,
}: {
  sticky: Sticky;
  terms: WorkspaceTerms;
}): ReactElement {
  const { problem, value } = sticky;
  const watching = sticky.all(termsField.viewersAllowed, terms.supervision.viewersAllowed ? ["on"] : []);
  return (
    <fieldset className="mp-fieldset">
      <legend>Workspace terms: what the desktop allows</legend>
      <TextField
        name={termsField.className}
        label="Desktop class"
        hint="The kind of desktop (a SkillPodClass), e.g. standard-desktop."
        defaultValue={value(termsField.className, terms.className)}
        problem={problem}
      />
      <CheckboxField
        name={termsField.viewersAllowed}
        label="The client may watch the desktop live (watch-only)"
        defaultChecked={watching.includes("on")}
      />
      <SelectField
        name={termsField.recording}
        label="Recording"
        defaultValue={value(termsField.recording, terms.supervision.recording)}
        problem={problem}
        options={[
          ["Disabled", "Off: sessions are not recorded"],
          ["WithConsent", "Only with the freelancer's consent"],
        ]}
      />
      <SelectField
        name={termsField.clipboard}
        label="Clipboard"
        defaultValue={value(termsField.clipboard, terms.clipboard)}
        problem={problem}
        options={[
          ["Both", "Both ways: copy into and out of the desktop"],
          ["ToWorkspace", "Paste in only: copy out of the desktop is off"],
          ["Disabled", "Off in both directions"],
        ]}
      />
      <SelectField
        name={termsField.fileTransfer}
        label="File transfer"
        defaultValue={value(termsField.fileTransfer, terms.fileTransfer)}
        problem={problem}
        options={[
          ["Both", "Upload and download files"],
          ["Disabled", "Off: no files in or out"],
        ]}
      />
      <TextAreaField
        name={termsField.egress}
        label="Network access"
        hint="Addresses the desktop may reach, one per line as CIDR and port (10.0.0.0/8:443). Empty: no outside access."
        rows={3}
        style={{ minHeight: 80 }}
        defaultValue={value(termsField.egress, terms.egress.allow.join("\n"))}
        problem={problem}
      />
    </fieldset>
  );
}
