import { pino } from "pino";
import { loadOperatorConfig } from "./config.js";
import { startOperator } from "./operator.js";
import { activeTraceId } from "./runtime/index.js";
import { startOperatorTelemetry } from "./telemetry.js";

const config = loadOperatorConfig(process.env);
const telemetry = await startOperatorTelemetry(config);
const log = pino({
  name: "skillpod-operator",
  level: config.LOG_LEVEL,
  mixin: () => ({ traceId: activeTraceId() }),
});
const operator = await startOperator(config, log);

let stopping = false;
const shutdown = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "Received signal; shutting down");
  operator
    .stop()
    .then(() => telemetry.shutdown())
    .then(
      () => process.exit(0),
      (error: unknown) => {
        log.error({ err: error }, "Failed to shut down cleanly");
        process.exit(1);
      },
    );
};
process.once("SIGTERM", () => shutdown("SIGTERM"));
process.once("SIGINT", () => shutdown("SIGINT"));
operator.lost.then(
  () => {
    // client-go's answer to lost leadership: exit, and let the restart start over as a follower.
    log.error("Lost leadership; exiting");
    process.exit(1);
  },
  () => undefined,
);
