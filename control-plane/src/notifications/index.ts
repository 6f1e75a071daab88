export { NoticeQueue, NOTIFICATIONS_QUEUE, type Notice } from "./notice-queue.js";
export {
  listNotifications,
  markAllNotificationsRead,
  markNotificationRead,
  unreadCount,
  type InboxQuery,
  type NotificationView,
} from "./inbox.js";
export {
  readPreferences,
  writePreferences,
  type PreferenceInput,
  type PreferenceView,
} from "./preferences.js";
