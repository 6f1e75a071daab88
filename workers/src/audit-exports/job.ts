import { exportFormats } from "@skillpod/audit-format";
import { UnrecoverableError } from "bullmq";
import { z } from "zod";

export const AUDIT_EXPORTS_QUEUE = "audit-exports";

// Dates arrive as Date objects from callers and as ISO strings from the stored row; both end up as ISO text.
const instant = z.preprocess(
  (value) => (value instanceof Date && !Number.isNaN(value.getTime()) ? value.toISOString() : value),
  z.iso.datetime({ offset: true }),
);
const label = z
  .string()
  .min(1)
  .max(200)
  .refine((value) => !value.includes("\u0000"), "must not contain NUL");

/** The same filters as the control plane's export: `from` inclusive, `to` exclusive, on occurred_at. */
export const auditExportFiltersSchema = z
  .strictObject({
    from: instant.optional(),
    to: instant.optional(),
    action: label.optional(),
    actorId: label.optional(),
  })
  .refine((f) => f.from === undefined || f.to === undefined || Date.parse(f.from) < Date.parse(f.to), {
    message: "`from` must be earlier than `to`",
    path: ["from"],
  });

/** Filters as stored in audit_exports.filters (JSON): instants as ISO 8601 text. */
export type StoredAuditExportFilters = z.infer<typeof auditExportFiltersSchema>;

export type AuditExportFilters = {
  from?: Date | string;
  to?: Date | string;
  action?: string;
  actorId?: string;
};

export const auditExportRequestSchema = z.strictObject({
  requestedBy: label,
  format: z.enum(exportFormats),
  filters: auditExportFiltersSchema,
});

export type AuditExportRequest = {
  requestedBy: string;
  format: (typeof exportFormats)[number];
  filters: AuditExportFilters;
};

/** The job names the row; the row holds the request, so there is one source of truth for what to export. */
export const auditExportJobSchema = z.strictObject({ exportId: z.uuid() });
export type AuditExportJob = z.infer<typeof auditExportJobSchema>;

export function parseAuditExportJob(data: unknown): AuditExportJob {
  const parsed = auditExportJobSchema.safeParse(data);
  if (!parsed.success)
    throw new UnrecoverableError(`Invalid audit export job: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
