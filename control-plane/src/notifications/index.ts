export { NoticeQueue, NOTIFICATIONS_QUEUE, type Notice } from "./notice-queue.js";
