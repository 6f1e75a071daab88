import type { paths } from "../../../../../api/generated/schema";
import type { Bar } from "../../../../../components/ui";

export type ContractUsage =
  paths["/v1/contracts/{contractId}/usage"]["get"]["responses"][200]["content"]["application/json"];

const dayLabel = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", timeZone: "UTC" });

export const hours = (seconds: number): number => Math.round((seconds / 3600) * 10) / 10;

/** One bar per day of the range: this SkillPod's running hours (all of the contract's when `name` is absent). */
export function usageBars(usage: ContractUsage, name?: string): Bar[] {
  return usage.days.map((day) => {
    const seconds = name
      ? (day.skillPods.find((s) => s.name === name)?.runningSeconds ?? 0)
      : day.runningSeconds;
    return { label: dayLabel.format(new Date(`${day.date}T00:00:00Z`)), value: hours(seconds) };
  });
}

/** Total running seconds of one SkillPod in the range. */
export function secondsOf(usage: ContractUsage, name: string): number {
  return usage.days.reduce(
    (sum, day) => sum + (day.skillPods.find((s) => s.name === name)?.runningSeconds ?? 0),
    0,
  );
}

/** "2 h 05 min", "45 min", "0 min". */
export function durationText(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h} h ${String(m).padStart(2, "0")} min` : `${m} min`;
}
