"use client";
import type { ReactElement } from "react";
import { ActionForm, Dialog, SelectField, SubmitButton, TextAreaField } from "../../../../../components/ui";
import { resolveDispute } from "../actions";
import { MoveFields, type MoveTarget } from "../milestone-moves";

/**
 * The admin's decision on one disputed milestone: the API pays the freelancer or refunds the client, whole.
 * In a dialog, so that two disputed milestones never put two forms with the same field ids on one page.
 */
export function ResolveForm({ target }: { target: MoveTarget }): ReactElement {
  return (
    <Dialog trigger="Resolve dispute" variant="primary" title={`Resolve the dispute on “${target.title}”`}>
      <ActionForm action={resolveDispute} label={`Resolve the dispute on ${target.title}`}>
        {(problem) => (
          <>
            <MoveFields target={target} move="resolve" />
            <SelectField
              name="favor"
              label="Resolve for"
              hint={`The whole ${target.amount} goes one way: the API does not split a milestone.`}
              problem={problem}
              options={[
                ["freelancer", "The freelancer: approve and pay out"],
                ["client", "The client: refund the escrow"],
              ]}
            />
            <TextAreaField
              name="note"
              label="Note to both parties"
              hint="Optional."
              problem={problem}
              maxLength={10000}
            />
            <SubmitButton pending="Resolving…">Confirm resolution</SubmitButton>
          </>
        )}
      </ActionForm>
    </Dialog>
  );
}
