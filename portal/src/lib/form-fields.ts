/** A form field's text ("" when absent or a file): form values reach server actions untyped. */
export function textOf(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === "string" ? value : "";
}

/** A field as an integer, or undefined when empty or not a whole number. */
export function integerOf(form: FormData, name: string): number | undefined {
  const text = textOf(form, name).trim();
  return /^-?\d+$/.test(text) ? Number(text) : undefined;
}
