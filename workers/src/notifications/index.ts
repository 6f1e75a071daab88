export {
  NOTIFICATIONS_QUEUE,
  notificationChannels,
  notificationJobId,
  notificationJobSchema,
  parseNotificationJob,
  type NotificationChannel,
  type NotificationJob,
} from "./job.js";
export {
  createSmtpMailer,
  MailRejectedError,
  type Mailer,
  type MailMessage,
  type MailReceipt,
} from "./mailer.js";
export { channelPreferenceOf, type ChannelPreference } from "./preferences.js";
export { COMPLETED_JOB_RETENTION_SECONDS, enqueueNotification } from "./producer.js";
export {
  createNotificationWorker,
  sentEmailKey,
  type NotificationOutcome,
  type NotificationWorkerOptions,
} from "./worker.js";
