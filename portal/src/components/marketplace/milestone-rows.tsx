"use client";
import { useRef, useState, type ReactElement } from "react";
import type { Problem } from "../../api/problem";
import { formatMoney } from "../../lib/money";
import { Button, TextField } from "../ui";
import { rowName, rowsTotalMinor, type MilestoneRow } from "./milestone-form";

type KeyedRow = MilestoneRow & { key: number };

const emptyRow: MilestoneRow = { title: "", amount: "", due: "" };

function RowFields(props: {
  row: KeyedRow;
  index: number;
  currency: string;
  problem: Problem | undefined;
  onChange: (row: KeyedRow) => void;
}): ReactElement {
  const { row, index: i, problem } = props;
  return (
    <>
      <TextField
        name={rowName(i, "title")}
        label="Milestone title"
        value={row.title}
        onChange={(e) => props.onChange({ ...row, title: e.target.value })}
        problem={problem}
      />
      <TextField
        name={rowName(i, "amount")}
        label={`Amount (${props.currency})`}
        inputMode="decimal"
        value={row.amount}
        onChange={(e) => props.onChange({ ...row, amount: e.target.value })}
        problem={problem}
      />
      <TextField
        name={rowName(i, "dueAt")}
        label="Due date (optional)"
        type="date"
        value={row.due}
        onChange={(e) => props.onChange({ ...row, due: e.target.value })}
        problem={problem}
      />
    </>
  );
}

/**
 * Milestone rows a person adds and removes; amounts are typed in the currency's units. Inputs are named
 * milestones.<i>.title/amount/dueAt by position, so the server action and the API's problems agree on rows.
 */
export function MilestoneRows(props: {
  initial: MilestoneRow[];
  currency: string;
  problem: Problem | undefined;
  minRows?: number;
  totalLabel?: string;
}): ReactElement {
  const nextKey = useRef(props.initial.length);
  const [rows, setRows] = useState<KeyedRow[]>(props.initial.map((r, key) => ({ ...r, key })));
  const minRows = props.minRows ?? 0;
  const add = (): void => setRows((all) => [...all, { ...emptyRow, key: nextKey.current++ }]);
  const remove = (key: number): void => setRows((all) => all.filter((r) => r.key !== key));
  const change = (row: KeyedRow): void => setRows((all) => all.map((r) => (r.key === row.key ? row : r)));
  const total = rowsTotalMinor(rows, props.currency);
  return (
    <div className="mp-milestones">
      {rows.length === 0 ? <p className="ui-muted">No milestones yet.</p> : null}
      <ol>
        {rows.map((row, i) => (
          <li key={row.key}>
            <fieldset className="mp-milestone">
              <legend>Milestone {i + 1}</legend>
              <RowFields
                row={row}
                index={i}
                currency={props.currency}
                problem={props.problem}
                onChange={change}
              />
              {rows.length > minRows ? (
                <Button variant="ghost" onClick={() => remove(row.key)}>
                  Remove milestone {i + 1}
                </Button>
              ) : null}
            </fieldset>
          </li>
        ))}
      </ol>
      <div className="ui-row">
        <Button variant="secondary" onClick={add}>
          Add a milestone
        </Button>
        <p aria-live="polite" className="mp-total">
          {props.totalLabel ?? "Total"}:{" "}
          <strong>{formatMoney({ amountMinor: total, currency: props.currency })}</strong>
        </p>
      </div>
    </div>
  );
}
