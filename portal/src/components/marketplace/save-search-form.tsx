"use client";
import type { ReactElement } from "react";
import { ActionForm, SubmitButton, TextField, type FormAction } from "../ui";

/** "Save this search": a name for it (suggested) and the search itself as the page's query string. */
export function SaveSearchForm(props: {
  action: FormAction;
  search: string;
  suggestedName: string;
}): ReactElement {
  return (
    <ActionForm action={props.action} label="Save this search">
      {(problem) => (
        <div className="mp-save-search">
          <input type="hidden" name="search" value={props.search} />
          <TextField
            name="name"
            label="Name this search"
            defaultValue={props.suggestedName}
            maxLength={100}
            problem={problem}
          />
          <SubmitButton variant="secondary" pending="Saving…">
            Save this search
          </SubmitButton>
        </div>
      )}
    </ActionForm>
  );
}
