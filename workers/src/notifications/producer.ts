import type { Job, Queue } from "bullmq";
import { notificationJobId, notificationJobSchema, type NotificationJob } from "./job.js";

/** How long a finished job (and so its id) stays in Redis: the window in which duplicates collapse there. */
export const COMPLETED_JOB_RETENTION_SECONDS = 24 * 60 * 60;

/**
 * Queues a notification. The job id is the dedupe key, so enqueueing the same notification again while its job
 * is still kept is a no-op; later duplicates are caught by the consumer (unique row, sent-email marker).
 */
export async function enqueueNotification(queue: Queue, job: NotificationJob): Promise<Job> {
  const data = notificationJobSchema.parse(job);
  return queue.add(data.kind, data, {
    jobId: notificationJobId(data.dedupeKey),
    attempts: 5,
    backoff: { type: "exponential", delay: 1_000 },
    removeOnComplete: { age: COMPLETED_JOB_RETENTION_SECONDS, count: 10_000 },
    removeOnFail: { age: 7 * 24 * 60 * 60, count: 10_000 },
  });
}
