export { createUsageActivities, type UsageActivityDeps } from "./usage-activities.js";
export { ensureUsageSchedule, type UsageScheduleOptions } from "./usage-schedule.js";
export type { UsageActivities, UsageSummary } from "./usage-types.js";
export {
  invoiceAmounts,
  isoWeekStart,
  weekStartDate,
  type InvoiceAmounts,
  type InvoiceTerms,
} from "./invoice-math.js";
export { cumulativeRunningSeconds, splitAcrossWeeks, usageDelta } from "./usage-math.js";
