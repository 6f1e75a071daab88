import type { InputHTMLAttributes, ReactElement } from "react";

/** A labelled checkbox (its label beside it, clickable), with an optional hint read with it. */
export function CheckboxField(
  props: { name: string; label: string; hint?: string; id?: string } & Omit<
    InputHTMLAttributes<HTMLInputElement>,
    "name" | "type"
  >,
): ReactElement {
  const { label, hint, id, ...input } = props;
  const inputId = id ?? props.name;
  return (
    <div className="mp-check">
      <input
        {...input}
        id={inputId}
        type="checkbox"
        aria-describedby={hint ? `${inputId}-hint` : undefined}
      />
      <label htmlFor={inputId}>
        {label}
        {hint ? (
          <span id={`${inputId}-hint`} className="ui-hint">
            {hint}
          </span>
        ) : null}
      </label>
    </div>
  );
}
