// What the security settings say and accept, kept pure so that it is tested.

/** The confirmation after a password change: how many other sign-ins it ended. */
export function passwordChangedText(otherSignInsEnded: number): string {
  if (otherSignInsEnded === 0) return "Password changed. You were not signed in anywhere else.";
  const other = otherSignInsEnded === 1 ? "1 other sign-in was" : `${otherSignInsEnded} other sign-ins were`;
  return `Password changed. ${other} signed out; this one stays signed in.`;
}

/** An authenticator code as people type it ("123 456"): digits only, or undefined when it is not 6 of them. */
export function totpCodeOf(text: string): string | undefined {
  const digits = text.replace(/[\s-]/g, "");
  return /^\d{6}$/.test(digits) ? digits : undefined;
}

/** The key grouped in fours, as authenticator apps show keys, for typing it by hand. */
export function groupedSecret(secret: string): string {
  return secret.replace(/(.{4})/g, "$1 ").trim();
}
