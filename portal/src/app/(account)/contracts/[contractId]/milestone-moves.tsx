"use client";
import type { ReactElement } from "react";
import { ActionForm, Dialog, SubmitButton, TextAreaField } from "../../../../components/ui";
import type { MilestoneAction } from "../../../../lib/contract-actions";
import { approveMilestone, fundMilestone, openDispute, requestChanges, submitMilestone } from "./actions";

export type MoveTarget = {
  contractId: string;
  milestoneId: string;
  title: string;
  /** The milestone's amount in words ("€1,500.00"). */
  amount: string;
  /** A fresh Idempotency-Key per page render; each form adds its move's name. */
  keyBase: string;
};

export function MoveFields({ target, move }: { target: MoveTarget; move: string }): ReactElement {
  return (
    <>
      <input type="hidden" name="contractId" value={target.contractId} />
      <input type="hidden" name="milestoneId" value={target.milestoneId} />
      <input type="hidden" name="idempotencyKey" value={`${target.keyBase}-${move}`} />
    </>
  );
}

function Fund({ target }: { target: MoveTarget }): ReactElement {
  return (
    <ActionForm action={fundMilestone} label={`Fund ${target.title}`}>
      {() => (
        <>
          <MoveFields target={target} move="fund" />
          <SubmitButton pending="Funding…">Fund milestone</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}

function Submit({ target }: { target: MoveTarget }): ReactElement {
  return (
    <Dialog
      trigger="Submit work"
      variant="primary"
      title={`Submit work for “${target.title}”`}
      description="The client is told and reviews it. Unreviewed work is approved by itself after a while."
    >
      <ActionForm action={submitMilestone} label="Submit work">
        {(problem) => (
          <>
            <MoveFields target={target} move="submit" />
            <TextAreaField name="note" label="Note to the client" problem={problem} maxLength={10000} />
            <TextAreaField
              name="links"
              label="Links to the deliverables"
              hint="One https:// link per line (optional)."
              problem={problem}
              rows={3}
            />
            <SubmitButton pending="Sending…">Send for review</SubmitButton>
          </>
        )}
      </ActionForm>
    </Dialog>
  );
}

function Approve({ target }: { target: MoveTarget }): ReactElement {
  return (
    <Dialog
      trigger="Approve work"
      variant="primary"
      title={`Approve “${target.title}”?`}
      description={`The payout of ${target.amount} (less the platform fee) to the freelancer starts now. This cannot be undone.`}
    >
      <ActionForm action={approveMilestone} label="Approve work">
        {() => (
          <>
            <MoveFields target={target} move="approve" />
            <SubmitButton pending="Approving…">Approve and pay</SubmitButton>
          </>
        )}
      </ActionForm>
    </Dialog>
  );
}

function RequestChanges({ target }: { target: MoveTarget }): ReactElement {
  return (
    <Dialog
      trigger="Request changes"
      title={`Request changes to “${target.title}”`}
      description="The work goes back to the freelancer with your reason."
    >
      <ActionForm action={requestChanges} label="Request changes">
        {(problem) => (
          <>
            <MoveFields target={target} move="request-changes" />
            <TextAreaField
              name="reason"
              label="What needs to change"
              problem={problem}
              required
              maxLength={2000}
            />
            <SubmitButton pending="Sending…">Send request</SubmitButton>
          </>
        )}
      </ActionForm>
    </Dialog>
  );
}

function Dispute({ target }: { target: MoveTarget }): ReactElement {
  return (
    <Dialog
      trigger="Open a dispute"
      variant="secondary"
      title={`Open a dispute on “${target.title}”`}
      description="Payouts on this contract pause and the workspace freezes until an admin resolves it."
    >
      <ActionForm action={openDispute} label="Open a dispute">
        {(problem) => (
          <>
            <MoveFields target={target} move="dispute" />
            <TextAreaField
              name="statement"
              label="What went wrong"
              problem={problem}
              required
              maxLength={10000}
            />
            <TextAreaField
              name="evidence"
              label="Evidence links"
              hint="One https:// link per line (optional)."
              problem={problem}
              rows={3}
            />
            <SubmitButton variant="danger" pending="Opening…">
              Open dispute
            </SubmitButton>
          </>
        )}
      </ActionForm>
    </Dialog>
  );
}

const forms: Partial<Record<MilestoneAction, (props: { target: MoveTarget }) => ReactElement>> = {
  fund: Fund,
  submit: Submit,
  approve: Approve,
  "request-changes": RequestChanges,
  dispute: Dispute,
};

/** The buttons for the moves the viewer may make on one milestone (contract-actions decides which). */
export function MilestoneMoves({
  target,
  actions,
}: {
  target: MoveTarget;
  actions: MilestoneAction[];
}): ReactElement {
  return (
    <div className="money-actions">
      {actions.map((action) => {
        const Form = forms[action];
        return Form ? <Form key={action} target={target} /> : null;
      })}
    </div>
  );
}
