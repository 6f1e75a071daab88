// Shared by the activities and the workflow; no imports, so the workflow bundle stays free of I/O code.

export type UsageSummary = {
  /** Labelled SkillPods whose contract exists, metered in this run. */
  skillPods: number;
  /** Labelled SkillPods skipped because their contract has no row. */
  skipped: number;
  /** usage_records rows written. */
  records: number;
  /** invoice_lines rows written (inserted or recomputed). */
  invoiceLines: number;
};

export type UsageActivities = {
  /** Meters every contract-bound SkillPod since its cursor and recomputes the affected invoice lines. */
  meterUsage(): Promise<UsageSummary>;
};
