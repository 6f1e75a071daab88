import { UnrecoverableError } from "bullmq";
import { createHash } from "node:crypto";
import { z } from "zod";

export const NOTIFICATIONS_QUEUE = "notifications";

export const notificationChannels = ["email", "in-app"] as const;
export type NotificationChannel = (typeof notificationChannels)[number];

// PostgreSQL text cannot hold NUL: such a payload would fail the insert on every attempt.
const text = (maxLength: number): z.ZodString =>
  z
    .string()
    .min(1)
    .max(maxLength)
    .refine((value) => !value.includes("\u0000"), "must not contain NUL");

export const notificationJobSchema = z
  .object({
    /** Identifies the notification: the same key is the same notification, delivered once. */
    dedupeKey: text(200),
    userId: text(200),
    email: z.email().optional(),
    channels: z.array(z.enum(notificationChannels)).min(1),
    kind: text(100),
    title: text(300).regex(/^[^\r\n]*$/, "must be one line"),
    body: text(20_000),
  })
  .refine((job) => !job.channels.includes("email") || job.email !== undefined, {
    message: "an email address is required for the email channel",
    path: ["email"],
  });

export type NotificationJob = z.infer<typeof notificationJobSchema>;

/** The consumer's view of a payload: anything invalid will never succeed, so it must not be retried. */
export function parseNotificationJob(data: unknown): NotificationJob {
  const parsed = notificationJobSchema.safeParse(data);
  if (!parsed.success)
    throw new UnrecoverableError(`Invalid notification job: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/**
 * The BullMQ job id for a dedupe key. BullMQ refuses custom ids that look like integers or contain ":" (its key
 * separator), so such keys are hashed; the mapping is deterministic, so duplicates still collapse.
 */
export function notificationJobId(dedupeKey: string): string {
  const usable = !dedupeKey.includes(":") && String(Number.parseInt(dedupeKey, 10)) !== dedupeKey;
  return usable ? dedupeKey : `sha256-${createHash("sha256").update(dedupeKey, "utf8").digest("hex")}`;
}
