"use client";
import type { ReactElement } from "react";
import { ActionForm, SubmitButton, TextAreaField } from "../../../../components/ui";
import { declineOffer } from "../actions";

export function DeclineOfferForm({ offerId }: { offerId: string }): ReactElement {
  return (
    <ActionForm action={declineOffer} label="Decline this offer">
      {(problem) => (
        <>
          <input type="hidden" name="offerId" value={offerId} />
          <TextAreaField
            name="reason"
            label="Reason (optional)"
            hint="The client sees it."
            rows={3}
            maxLength={1000}
            problem={problem}
          />
          <SubmitButton variant="danger" pending="Declining…">
            Decline offer
          </SubmitButton>
        </>
      )}
    </ActionForm>
  );
}
