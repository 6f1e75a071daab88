import { pino } from "pino";
import { loadPaymentSandboxConfig } from "./config.js";
import { createPaymentSandbox } from "./sandbox.js";

const config = loadPaymentSandboxConfig(process.env);
const log = pino({ name: "payment-sandbox", level: config.logLevel });
const sandbox = await createPaymentSandbox({ databaseUrl: config.databaseUrl, log });
await sandbox.app.listen({ host: config.host, port: config.port });

let stopping = false;
const shutdown = (signal: string): void => {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "Received shutdown signal");
  sandbox.close().then(
    () => {
      log.info("Stopped payment sandbox");
      process.exit(0);
    },
    (err: unknown) => {
      log.error({ err }, "Failed to stop payment sandbox cleanly");
      process.exit(1);
    },
  );
};
process.once("SIGTERM", () => shutdown("SIGTERM"));
process.once("SIGINT", () => shutdown("SIGINT"));
