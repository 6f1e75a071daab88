import { minorUnitsOf, type Money } from "../../lib/money";

/** How many digits a currency's minor unit has (USD 2, JPY 0), as Intl knows it. */
export function fractionDigitsOf(currency: string): number {
  try {
    return (
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

/** Minor units as the text an amount field starts with ("1250.50" for 125050 USD, "1250" for 1250 JPY). */
export function amountTextOf(money: Money | null | undefined): string {
  if (!money) return "";
  const digits = fractionDigitsOf(money.currency);
  if (digits === 0) return String(money.amountMinor);
  const text = String(money.amountMinor).padStart(digits + 1, "0");
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`;
}

/** What the person typed in the currency's units, as minor units; undefined when it is not an amount. */
export function amountMinorOf(text: string, currency: string): number | undefined {
  return minorUnitsOf(text.trim(), fractionDigitsOf(currency));
}
