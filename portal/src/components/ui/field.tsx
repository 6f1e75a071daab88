import type {
  InputHTMLAttributes,
  ReactElement,
  ReactNode,
  SelectHTMLAttributes,
  TextareaHTMLAttributes,
} from "react";
import type { Problem } from "../../api/problem";

type FieldFrame = { name: string; label: string; hint?: string; problem?: Problem; children?: ReactNode };

/** The message the API gave for this field (its name, or a dotted path under it). */
export function fieldError(problem: Problem | undefined, name: string): string | undefined {
  return problem?.fields.find((f) => f.field === name || f.field.startsWith(`${name}.`))?.message;
}

function described(name: string, hint?: string, error?: string): string | undefined {
  const ids = [hint ? `${name}-hint` : "", error ? `${name}-error` : ""].filter(Boolean);
  return ids.length > 0 ? ids.join(" ") : undefined;
}

function Frame(props: FieldFrame & { error?: string; control: ReactElement }): ReactElement {
  return (
    <div className="ui-field">
      <label htmlFor={props.name}>{props.label}</label>
      {props.hint ? (
        <span id={`${props.name}-hint`} className="ui-hint">
          {props.hint}
        </span>
      ) : null}
      {props.control}
      {props.error ? (
        <span id={`${props.name}-error`} className="ui-field-error">
          {props.label} {props.error}
        </span>
      ) : null}
    </div>
  );
}

export function TextField(
  props: FieldFrame & Omit<InputHTMLAttributes<HTMLInputElement>, "name">,
): ReactElement {
  const { label, hint, problem, name, ...input } = props;
  const error = fieldError(problem, name);
  const control = (
    <input
      {...input}
      id={name}
      name={name}
      className="ui-input"
      aria-invalid={error ? true : undefined}
      aria-describedby={described(name, hint, error)}
    />
  );
  return <Frame name={name} label={label} hint={hint} error={error} control={control} />;
}

export function TextAreaField(
  props: FieldFrame & Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, "name">,
): ReactElement {
  const { label, hint, problem, name, ...input } = props;
  const error = fieldError(problem, name);
  const control = (
    <textarea
      {...input}
      id={name}
      name={name}
      className="ui-textarea"
      aria-invalid={error ? true : undefined}
      aria-describedby={described(name, hint, error)}
    />
  );
  return <Frame name={name} label={label} hint={hint} error={error} control={control} />;
}

export function SelectField(
  props: FieldFrame & Omit<SelectHTMLAttributes<HTMLSelectElement>, "name"> & { options: [string, string][] },
): ReactElement {
  const { label, hint, problem, name, options, ...select } = props;
  const error = fieldError(problem, name);
  const control = (
    <select
      {...select}
      id={name}
      name={name}
      className="ui-select"
      aria-invalid={error ? true : undefined}
      aria-describedby={described(name, hint, error)}
    >
      {options.map(([value, text]) => (
        <option key={value} value={value}>
          {text}
        </option>
      ))}
    </select>
  );
  return <Frame name={name} label={label} hint={hint} error={error} control={control} />;
}
