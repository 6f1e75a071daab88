// The workers package's public surface for other processes (tests, the control plane's producers).
export { loadWorkersConfig, taskQueueName, type WorkersConfig, type WorkerQueue } from "./config.js";
export { startWorkersProcess, type WorkersProcess } from "./workers-process.js";
export { enqueueNotification, NOTIFICATIONS_QUEUE } from "./notifications/index.js";
export { requestAuditExport } from "./audit-exports/index.js";
