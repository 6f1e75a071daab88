// Entry point: `npm start -w @skillpod/workers`. SIGTERM/SIGINT drain in-flight activities, then exit 0.
import { DefaultLogger, Runtime, type LogLevel } from "@temporalio/worker";
import { pino } from "pino";
import { loadWorkersConfig } from "./config.js";
import { startWorkersProcess } from "./workers-process.js";

const config = loadWorkersConfig(process.env);
const log = pino({ level: config.LOG_LEVEL, base: { service: "skillpod-workers" } });
// The SDK's own lines (worker state, polling errors) as pino JSON too.
const sdkLog = log.child({ component: "temporal-sdk" });
const levels: Record<LogLevel, "trace" | "debug" | "info" | "warn" | "error"> = {
  TRACE: "trace",
  DEBUG: "debug",
  INFO: "info",
  WARN: "warn",
  ERROR: "error",
};
Runtime.install({
  logger: new DefaultLogger("INFO", (entry) => sdkLog[levels[entry.level]](entry.meta ?? {}, entry.message)),
});
const started = await startWorkersProcess(config, log);
log.info(
  { queues: config.WORKERS_TASK_QUEUES, prefix: config.WORKERS_TASK_QUEUE_PREFIX, port: started.port },
  `Started workers for ${config.WORKERS_TASK_QUEUES.join(", ")}`,
);

let stopping = false;
async function stop(signal: string): Promise<void> {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, `Received ${signal}, draining`);
  await started.stop();
  process.exit(0);
}
process.on("SIGTERM", () => void stop("SIGTERM"));
process.on("SIGINT", () => void stop("SIGINT"));
void started.failed.then((error) => {
  log.fatal({ err: error }, "A worker stopped with an error");
  process.exit(1);
});
