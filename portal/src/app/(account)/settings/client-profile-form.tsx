"use client";
import type { ReactElement } from "react";
import { StickyForm } from "../../../components/marketplace/sticky-form";
import { SubmitButton, TextField } from "../../../components/ui";
import { saveClientProfile } from "./actions";

export type ClientProfile = { displayName: string; company: string; country: string };

/** What freelancers see of a client on their jobs and offers. */
export function ClientProfileForm({ profile }: { profile: ClientProfile | undefined }): ReactElement {
  return (
    <StickyForm action={saveClientProfile} label="Client profile">
      {(sticky) => (
        <>
          <TextField
            name="clientName"
            label="Name shown to freelancers"
            defaultValue={sticky.value("clientName", profile?.displayName ?? "")}
            maxLength={80}
            required
            problem={sticky.problem}
          />
          <TextField
            name="company"
            label="Company"
            defaultValue={sticky.value("company", profile?.company ?? "")}
            autoComplete="organization"
            maxLength={120}
            problem={sticky.problem}
          />
          <TextField
            name="country"
            label="Country"
            hint="Two letters, e.g. DE or US."
            defaultValue={sticky.value("country", profile?.country ?? "")}
            autoComplete="country"
            maxLength={2}
            problem={sticky.problem}
          />
          <SubmitButton pending="Saving…">
            {profile ? "Save client profile" : "Create client profile"}
          </SubmitButton>
        </>
      )}
    </StickyForm>
  );
}
