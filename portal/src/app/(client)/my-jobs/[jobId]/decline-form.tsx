"use client";
import type { ReactElement } from "react";
import { ActionForm, SubmitButton, TextAreaField } from "../../../../components/ui";
import { declineProposal } from "./actions";

/** The reason for declining (the freelancer reads it), inside the Decline dialog. */
export function DeclineForm({ proposalId }: { proposalId: string }): ReactElement {
  return (
    <ActionForm action={declineProposal} label="Decline this proposal">
      {(problem) => (
        <>
          <input type="hidden" name="proposalId" value={proposalId} />
          <TextAreaField
            name="reason"
            label="Reason"
            hint="Short and kind: the freelancer sees it."
            rows={4}
            maxLength={1000}
            problem={problem}
          />
          <SubmitButton variant="danger" pending="Declining…">
            Decline proposal
          </SubmitButton>
        </>
      )}
    </ActionForm>
  );
}
