/** Accounts are keyed by the lowercased address: Ann@X.io and ann@x.io are one account. */
export function normaliseEmail(email: string): string {
  return email.trim().toLowerCase();
}
