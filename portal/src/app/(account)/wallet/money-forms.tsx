"use client";
import type { ReactElement } from "react";
import { ActionForm, SelectField, SubmitButton, TextField } from "../../../components/ui";
import { deposit, withdraw } from "./actions";

type Props = {
  /** One key per page render: a double submit or a retry is the same deposit, never two. */
  idempotencyKey: string;
  currencies: string[];
};

type Problem = Parameters<typeof TextField>[0]["problem"];

/** Field names carry the move ("depositAmount"), so a person with both forms on the page has unique ids. */
function AmountFields(
  props: Props & { problem: Problem; move: "deposit" | "withdrawal"; verb: string },
): ReactElement {
  return (
    <div className="money-amount-fields">
      <TextField
        name={`${props.move}Amount`}
        label={`Amount to ${props.verb}`}
        inputMode="decimal"
        autoComplete="off"
        placeholder="250.00"
        problem={props.problem}
        required
      />
      <SelectField
        name={`${props.move}Currency`}
        label="Currency"
        problem={props.problem}
        options={props.currencies.map((c) => [c, c])}
      />
    </div>
  );
}

export function DepositForm(props: Props): ReactElement {
  return (
    <ActionForm action={deposit} label="Deposit">
      {(problem) => (
        <>
          <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} />
          <AmountFields {...props} problem={problem} move="deposit" verb="deposit" />
          <p className="ui-muted">Paid with the sandbox card: no real money moves on this system.</p>
          <SubmitButton pending="Depositing…">Deposit</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}

export function WithdrawalForm(props: Props): ReactElement {
  return (
    <ActionForm action={withdraw} label="Withdraw">
      {(problem) => (
        <>
          <input type="hidden" name="idempotencyKey" value={props.idempotencyKey} />
          <AmountFields {...props} problem={problem} move="withdrawal" verb="withdraw" />
          <SubmitButton pending="Withdrawing…">Withdraw</SubmitButton>
        </>
      )}
    </ActionForm>
  );
}
