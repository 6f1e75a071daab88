import type { Bar } from "../../../components/ui";

export type Period = "week" | "month";

type Entry = {
  kind: string;
  account: string;
  amount: { amountMinor: number; currency: string };
  createdAt: string;
};

/** Ledger kinds that take money out of the freelancer's payable to them (a returned withdrawal comes back). */
const paidOutKinds = new Set(["PAYOUT", "WITHDRAWAL", "REVERSE_WITHDRAWAL"]);

const dayMs = 24 * 3600 * 1000;

/** The UTC start of the week (Monday) or month that holds `at`. */
export function periodStart(at: Date, period: Period): Date {
  if (period === "month") return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), 1));
  const day = Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate());
  const sinceMonday = (new Date(day).getUTCDay() + 6) % 7;
  return new Date(day - sinceMonday * dayMs);
}

function previous(start: Date, period: Period): Date {
  if (period === "month") return new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() - 1, 1));
  return new Date(start.getTime() - 7 * dayMs);
}

function labelOf(start: Date, period: Period): string {
  const options: Intl.DateTimeFormatOptions =
    period === "month" ? { month: "short", year: "numeric" } : { day: "numeric", month: "short" };
  return new Intl.DateTimeFormat("en-GB", { ...options, timeZone: "UTC" }).format(start);
}

/** Paid out per week or month in one currency, the last `count` periods up to `now`, oldest first. */
export function paidOutBars(
  entries: Entry[],
  options: { currency: string; period: Period; now: Date; count: number },
): Bar[] {
  const starts: Date[] = [periodStart(options.now, options.period)];
  while (starts.length < options.count) starts.unshift(previous(starts[0]!, options.period));
  const totals = new Map(starts.map((s) => [s.getTime(), 0]));
  for (const e of entries) {
    if (e.account !== "payable" || !paidOutKinds.has(e.kind) || e.amount.currency !== options.currency)
      continue;
    const key = periodStart(new Date(e.createdAt), options.period).getTime();
    const total = totals.get(key);
    if (total !== undefined) totals.set(key, total - e.amount.amountMinor);
  }
  return starts.map((s) => ({ label: labelOf(s, options.period), value: totals.get(s.getTime()) ?? 0 }));
}

/** Currencies the freelancer has been paid out in, most first. */
export function paidOutCurrencies(entries: Entry[]): string[] {
  const totals = new Map<string, number>();
  for (const e of entries)
    if (e.account === "payable" && paidOutKinds.has(e.kind))
      totals.set(e.amount.currency, (totals.get(e.amount.currency) ?? 0) - e.amount.amountMinor);
  return [...totals.entries()]
    .filter(([, total]) => total > 0)
    .sort((a, b) => b[1] - a[1])
    .map(([c]) => c);
}
