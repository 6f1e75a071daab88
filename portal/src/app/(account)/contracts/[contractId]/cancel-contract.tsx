"use client";
import type { ReactElement } from "react";
import { ActionForm, Dialog, SubmitButton, TextAreaField } from "../../../../components/ui";
import { cancelContract } from "./actions";

/** Ends the contract: funded work not yet approved goes back to the client's wallet. */
export function CancelContract(props: { contractId: string; idempotencyKey: string }): ReactElement {
  return (
    <Dialog
      trigger="Cancel contract"
      variant="secondary"
      title="Cancel this contract?"
      description="Milestones not yet funded are cancelled, and funded work not yet approved is refunded to the client's wallet. Approved work is still paid out."
    >
      <ActionForm action={cancelContract} label="Cancel contract">
        {(problem) => (
          <>
            <input type="hidden" name="contractId" value={props.contractId} />
            <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} />
            <TextAreaField
              name="reason"
              label="Why the contract ends"
              problem={problem}
              required
              maxLength={2000}
            />
            <SubmitButton variant="danger" pending="Cancelling…">
              Cancel the contract
            </SubmitButton>
          </>
        )}
      </ActionForm>
    </Dialog>
  );
}
