export type Money = { amountMinor: number; currency: string };

/** Integer minor units as the API sends them, shown in the currency's own format. */
export function formatMoney(money: Money | null | undefined): string {
  if (!money) return "—";
  const digits =
    new Intl.NumberFormat("en", { style: "currency", currency: money.currency }).resolvedOptions()
      .maximumFractionDigits ?? 2;
  return new Intl.NumberFormat("en", { style: "currency", currency: money.currency }).format(
    money.amountMinor / 10 ** digits,
  );
}

/** A decimal the user typed ("1,250.50") in minor units, or undefined when it is not an amount. */
export function minorUnitsOf(text: string, fractionDigits = 2): number | undefined {
  const clean = text.replace(/[,\s]/g, "");
  if (!/^\d+(\.\d+)?$/.test(clean)) return undefined;
  const [whole = "0", fraction = ""] = clean.split(".");
  if (fraction.length > fractionDigits) return undefined;
  return Number(whole) * 10 ** fractionDigits + Number(fraction.padEnd(fractionDigits, "0") || "0");
}
